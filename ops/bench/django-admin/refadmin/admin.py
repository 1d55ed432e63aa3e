from django.contrib import admin

from .models import Transaction


@admin.register(Transaction)
class TransactionAdmin(admin.ModelAdmin):
    """As lib/apps/banking/admin.c lists them: 100 a page, searched by payee
    and address, filtered by date, statement and owner."""
    list_display = ("date", "description", "location", "amount", "source_file", "owner")
    search_fields = ("description", "location")
    list_filter = ("date", "source_file", "owner")
    ordering = ("-date",)
    list_per_page = 100
