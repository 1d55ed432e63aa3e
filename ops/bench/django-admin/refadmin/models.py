"""The platform's users, statements and transactions as Django saw them
(managed=False: the tables are the C platform's, sql/0001 and 0003)."""
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField()
    objects = BaseUserManager()
    USERNAME_FIELD = "email"

    class Meta:
        managed = False
        db_table = "users"

    def __str__(self):
        return self.email


class StatementFile(models.Model):
    owner = models.ForeignKey(User, models.CASCADE)
    statement_file = models.CharField(max_length=255)
    month = models.DateField()
    status = models.CharField(max_length=16)

    class Meta:
        managed = False
        db_table = "statement_files"

    def __str__(self):
        return f"{self.month:%Y-%m} statement ({self.id})"


class Transaction(models.Model):
    source_file = models.ForeignKey(StatementFile, models.CASCADE)
    owner = models.ForeignKey(User, models.CASCADE)
    date = models.DateField()
    description = models.TextField()
    location = models.TextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        managed = False
        db_table = "transactions"

    def __str__(self):
        return self.description
