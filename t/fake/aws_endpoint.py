#!/usr/bin/python3
"""A local stand-in for the AWS calls lib/aws makes, for tests.

    /usr/bin/python3 t/fake/aws_endpoint.py PORT RECORD_FILE

Listens on 127.0.0.1:PORT, prints "ready" once listening, serves until
killed, and logs one line per request on stderr. Needs botocore (Debian's
python3-botocore, hence /usr/bin/python3): every signed request is checked
by botocore.auth.SigV4Auth, not by code shared with the client.

    POST /   CloudWatch PutMetricData: form body Action=PutMetricData,
             Version=2010-08-01, Namespace, MetricData.member.N.{MetricName,
             Value,Unit,Dimensions.member.M.{Name,Value}}; signed for
             "monitoring". 200 <PutMetricDataResponse> XML.
    POST /   ECS UpdateService: X-Amz-Target
             AmazonEC2ContainerServiceV20141113.UpdateService, Content-Type
             application/x-amz-json-1.1, JSON {"cluster","service",
             "desiredCount"}; signed for "ecs". 200 {"service": {...}}.
    POST /   ECS RunTask and DescribeTasks (X-Amz-Target ...RunTask,
             ...DescribeTasks; JSON as UpdateService; signed for "ecs"), for
             ops/deploy/run-task: RunTask needs cluster, taskDefinition,
             launchType FARGATE and awsvpcConfiguration subnets and
             securityGroups; answers {"tasks": [{"taskArn"}], "failures": []}.
             A task is RUNNING at its first DescribeTasks and STOPPED from
             the second on, its container "main" exiting with the code that
             the fixture's "exitCodes" gives its task definition (default 0);
             an unknown task is a failure "MISSING".
    POST /   CloudFormation DescribeStacks: form body Action=DescribeStacks,
             Version=2010-05-15, StackName; signed for "cloudformation".
             200 XML with the stack's Outputs from the fixture's "stacks"
             ({"NAME": {"OutputKey": "value"}}); 400 ValidationError when
             there is no such stack. The fixture is the JSON file named by
             FAKE_AWS_FIXTURE, read at each call ({} when unset).
    GET /creds/ANYTHING   ECS container credentials: {"AccessKeyId",
             "SecretAccessKey", "Token", "Expiration": now + FAKE_AWS_CREDS_TTL
             seconds (default 3600), ISO 8601 UTC}.
    GET /creds-count      how many times /creds/ was asked, as text.
    GET /creds-down       from now on /creds/ answers 503 (counted still),
    GET /creds-up         until this; both answer 204.
    PUT /BUCKET/KEY       S3 PutObject (path style), header-signed for "s3"
             (checked by botocore's S3SigV4Auth, x-amz-content-sha256 included);
             the body is kept in memory. 200.
    GET /BUCKET/KEY       S3 GetObject: header-signed as PUT, or presigned
             (X-Amz-* query, checked by S3SigV4QueryAuth; expired -> 403).
             200 with the body, 404 NoSuchKey. S3 errors are XML <Error>.
    DELETE /BUCKET/KEY    S3 DeleteObject: header-signed as PUT. 204, also
             when there was no such key (as S3 answers).
    HEAD /BUCKET/KEY      S3 HeadObject: header-signed as PUT. 200 with ETag
             (the quoted MD5 of the body), Content-Type, Cache-Control and
             Content-Length; 404 without a body (as S3, for any HEAD error).
             A PUT's Content-MD5, when sent, must match the body (400
             BadDigest); its Cache-Control is kept and given back.
    Any S3 call to a bucket named in FAKE_S3_DENIED_BUCKETS (comma-separated,
             default "denied-bucket") answers 403 AccessDenied once signed;
             to one in FAKE_S3_READONLY_BUCKETS (default "readonly-bucket"),
             a PUT does (reads are answered).
    GET /s3-keys          the stored keys ("/bucket/key"), one a line.
    GET /s3-meta/BUCKET/KEY  unsigned, for tests: JSON {"size", "etag",
             "contentType", "cacheControl", "puts"} (puts: PutObjects of it).
    GET /s3-put-count     how many PutObjects were accepted, as text.

Signature check: the Authorization header must name FAKE_AWS_ACCESS_KEY_ID
(default AKIDEXAMPLE) and the right service; X-Amz-Date must be within 15
minutes of now; an X-Amz-Security-Token must equal FAKE_AWS_SESSION_TOKEN
(default "fake-session-token/+="); host, x-amz-date, content-type and, when
sent, x-amz-target and x-amz-security-token must be signed. The request is
then rebuilt from its method, path, body and the headers it says it signed,
signed again by botocore with FAKE_AWS_SECRET_ACCESS_KEY (default
wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY) at the X-Amz-Date received, and
the two Authorization headers compared. Any failure answers 403 in the
service's style (XML <ErrorResponse> for CloudWatch, JSON {"__type",
"message"} for ECS), with Code SignatureDoesNotMatch, InvalidClientTokenId,
IncompleteSignature or RequestExpired; malformed calls answer 400.

Each accepted call appends one JSON line to RECORD_FILE:

    {"action": "PutMetricData", "namespace": "...", "metrics": [{"name": "...",
     "value": 1.0, "unit": "Count", "dimensions": {"Queue": "celery"}}],
     "accessKeyId": "...", "sessionToken": false}
    {"action": "UpdateService", "cluster": "...", "service": "...",
     "desiredCount": 2, "accessKeyId": "...", "sessionToken": true}
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fakehttp import serve

ACCESS_KEY = os.environ.get("FAKE_AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
SECRET_KEY = os.environ.get("FAKE_AWS_SECRET_ACCESS_KEY",
                            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
SESSION_TOKEN = os.environ.get("FAKE_AWS_SESSION_TOKEN", "fake-session-token/+=")
CREDS_TTL = int(os.environ.get("FAKE_AWS_CREDS_TTL", "3600"))
MAX_SKEW = datetime.timedelta(minutes=15)
MAX_BODY = 1 << 20
MAX_S3_BODY = 80 << 20  # collectstatic puts files up to 64 MB
DENIED_BUCKETS = set(b for b in os.environ.get("FAKE_S3_DENIED_BUCKETS",
                                               "denied-bucket").split(",") if b)
READONLY_BUCKETS = set(b for b in os.environ.get("FAKE_S3_READONLY_BUCKETS",
                                                 "readonly-bucket").split(",") if b)
ECS_TARGET = "AmazonEC2ContainerServiceV20141113.UpdateService"
ECS_PREFIX = "AmazonEC2ContainerServiceV20141113."
MISMATCH = ("The request signature we calculated does not match the signature you "
            "provided. Check your AWS Secret Access Key and signing method. Consult "
            "the service documentation for details.")
AUTH_RE = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})")

lock = threading.Lock()
creds_asked = 0
creds_down = False
record_file = None
objects = {}  # "/bucket/key" -> (body, content type)
meta = {}  # "/bucket/key" -> {"cacheControl", "puts"}
put_count = 0
tasks = {}  # task ARN -> {"definition", "described"}


class Refused(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def record(entry):
    with lock, open(record_file, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeAWS/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-aws: %s\n" % (fmt % args))
        sys.stderr.flush()

    def log_request(self, code="-", size="-"):
        pass  # send() logs once the answer is written

    def send(self, status, body, content_type):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        outcome = ""
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            outcome = " (client went away)"
        self.close_connection = True
        self.log_message("%s %s %s %s%s", self.command, self.path,
                         getattr(self, "note", ""), status, outcome)

    def refuse_xml(self, e):
        self.note = e.code
        self.send(e.status,
                  '<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">'
                  "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                  "<RequestId>%s</RequestId></ErrorResponse>"
                  % (e.code, xml_escape(e.message), uuid.uuid4()), "text/xml")

    def refuse_json(self, e):
        self.note = e.code
        self.send(e.status, {"__type": e.code, "message": e.message},
                  "application/x-amz-json-1.1")

    # --- container credentials -------------------------------------------

    def do_GET(self):
        global creds_asked, creds_down
        path = urlsplit(self.path).path
        if path in ("/creds-down", "/creds-up"):
            with lock:
                creds_down = path == "/creds-down"
            return self.send(204, "", "text/plain")
        if path == "/creds-count":
            with lock:
                n = creds_asked
            return self.send(200, str(n), "text/plain")
        if path == "/s3-keys":
            with lock:
                keys = "".join(k + "\n" for k in sorted(objects))
            return self.send(200, keys, "text/plain")
        if path.startswith("/creds/"):
            with lock:
                creds_asked += 1
                down = creds_down
            if down:
                return self.send(503, {"message": "unavailable"}, "application/json")
            expires = datetime.datetime.now(datetime.timezone.utc) + \
                datetime.timedelta(seconds=CREDS_TTL)
            return self.send(200, {
                "RoleArn": "arn:aws:iam::000000000000:role/fake-task-role",
                "AccessKeyId": ACCESS_KEY,
                "SecretAccessKey": SECRET_KEY,
                "Token": SESSION_TOKEN,
                "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }, "application/json")
        if path == "/s3-put-count":
            with lock:
                n = put_count
            return self.send(200, str(n), "text/plain")
        if path.startswith("/s3-meta/"):
            key = path[len("/s3-meta"):]
            with lock:
                found, m = objects.get(key), dict(meta.get(key, {}))
            if found is None:
                return self.send(404, {"message": "no such key"}, "application/json")
            return self.send(200, {"size": len(found[0]),
                                   "etag": '"%s"' % hashlib.md5(found[0]).hexdigest(),
                                   "contentType": found[1],
                                   "cacheControl": m.get("cacheControl"),
                                   "puts": m.get("puts", 0)}, "application/json")
        if path.count("/") >= 2 and len(path) > 1:
            return self.s3_get()
        self.send(404, {"message": "not found"}, "application/json")

    # --- S3 (path style) --------------------------------------------------

    def refuse_s3(self, e):
        self.note = e.code
        self.send(e.status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
                  "<Message>%s</Message><RequestId>%s</RequestId></Error>"
                  % (e.code, xml_escape(e.message), uuid.uuid4()), "application/xml")

    def check_bucket(self, path, write=False):
        """Raises Refused when the path's bucket is one this fake denies."""
        bucket = path.split("/")[1]
        if bucket in DENIED_BUCKETS or (write and bucket in READONLY_BUCKETS):
            raise Refused(403, "AccessDenied", "Access Denied")

    def do_PUT(self):
        global put_count
        try:
            n = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            n = -1
        if n < 0 or n > MAX_S3_BODY:
            return self.refuse_s3(Refused(400, "EntityTooLarge", "body too large"))
        body = self.rfile.read(n)
        path = urlsplit(self.path).path
        try:
            if path.count("/") < 2:
                raise Refused(400, "InvalidRequest", "PUT /bucket/key only")
            self.check_signature(body, "s3", S3SigV4Auth, {"host", "x-amz-date",
                                                           "x-amz-content-sha256"})
            self.check_bucket(path, write=True)
            md5 = self.headers.get("Content-MD5")
            if md5 is not None and md5 != base64.b64encode(hashlib.md5(body).digest()).decode():
                raise Refused(400, "BadDigest",
                              "The Content-MD5 you specified did not match what we received.")
        except Refused as e:
            return self.refuse_s3(e)
        with lock:
            objects[path] = (body, self.headers.get("Content-Type", "binary/octet-stream"))
            m = meta.setdefault(path, {"puts": 0})
            m["puts"] += 1
            m["cacheControl"] = self.headers.get("Cache-Control")
            put_count += 1
        self.note = "%d byte(s)" % len(body)
        self.send(200, "", "text/plain")

    def do_HEAD(self):
        path = urlsplit(self.path).path
        try:
            if path.count("/") < 2:
                raise Refused(400, "InvalidRequest", "HEAD /bucket/key only")
            self.check_signature(b"", "s3", S3SigV4Auth, {"host", "x-amz-date",
                                                          "x-amz-content-sha256"})
            self.check_bucket(path)
            with lock:
                found, m = objects.get(path), dict(meta.get(path, {}))
            if found is None:
                raise Refused(404, "NoSuchKey", "The specified key does not exist.")
        except Refused as e:
            return self.refuse_s3(e)  # send() writes no body for a HEAD
        body, content_type = found
        self.send_response(200)
        self.send_header("ETag", '"%s"' % hashlib.md5(body).hexdigest())
        self.send_header("Content-Type", content_type)
        if m.get("cacheControl") is not None:
            self.send_header("Cache-Control", m["cacheControl"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        self.close_connection = True
        self.log_message("HEAD %s %d byte(s) 200", self.path, len(body))

    def do_DELETE(self):
        path = urlsplit(self.path).path
        try:
            if path.count("/") < 2:
                raise Refused(400, "InvalidRequest", "DELETE /bucket/key only")
            self.check_signature(b"", "s3", S3SigV4Auth, {"host", "x-amz-date",
                                                          "x-amz-content-sha256"})
        except Refused as e:
            return self.refuse_s3(e)
        with lock:
            self.note = "deleted" if objects.pop(path, None) else "no such key"
        self.send(204, "", "text/plain")

    def s3_get(self):
        parts = urlsplit(self.path)
        try:
            if "X-Amz-Signature" in parse_qs(parts.query):
                self.check_presigned(parts)
            else:
                self.check_signature(b"", "s3", S3SigV4Auth, {"host", "x-amz-date",
                                                              "x-amz-content-sha256"})
            self.check_bucket(parts.path)
            with lock:
                found = objects.get(parts.path)
            if found is None:
                raise Refused(404, "NoSuchKey", "The specified key does not exist.")
        except Refused as e:
            return self.refuse_s3(e)
        body, content_type = found
        self.note = "%d byte(s)" % len(body)
        self.send(200, body, content_type)

    def check_presigned(self, parts):
        """Raises Refused unless botocore presigns this GET the same way."""
        q = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        cred = q.get("X-Amz-Credential", "").split("/")
        if q.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" or len(cred) != 5 or \
                cred[3] != "s3" or cred[4] != "aws4_request":
            raise Refused(403, "AuthorizationQueryParametersError", "bad X-Amz-Credential")
        if cred[0] != ACCESS_KEY:
            raise Refused(403, "InvalidAccessKeyId", "The AWS Access Key Id does not exist.")
        amz_date = q.get("X-Amz-Date", "")
        try:
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc)
            expires = int(q.get("X-Amz-Expires", ""))
        except ValueError:
            raise Refused(403, "AuthorizationQueryParametersError", "bad X-Amz-Date/Expires")
        if datetime.datetime.now(datetime.timezone.utc) > when + datetime.timedelta(
                seconds=expires):
            raise Refused(403, "AccessDenied", "Request has expired")
        token = q.get("X-Amz-Security-Token")
        if token is not None and token != SESSION_TOKEN:
            raise Refused(403, "InvalidToken", "The provided token is malformed or invalid.")
        headers = {}
        for name in q.get("X-Amz-SignedHeaders", "").split(";"):
            if self.headers.get(name) is None:
                raise Refused(403, "SignatureDoesNotMatch", "signed header %s not sent" % name)
            headers[name] = self.headers.get(name)
        request = AWSRequest(method="GET", url="http://%s%s" % (headers.get("host", ""),
                                                               parts.path), headers=headers)
        request.context["timestamp"] = amz_date
        signer = S3SigV4QueryAuth(Credentials(ACCESS_KEY, SECRET_KEY, token), "s3", cred[2],
                                  expires=expires)
        signer._modify_request_before_signing(request)
        canonical = signer.canonical_request(request)
        signature = signer.signature(signer.string_to_sign(request, canonical), request)
        if not hmac.compare_digest(signature, q.get("X-Amz-Signature", "")):
            self.log_message("presigned: canonical request:\n%s", canonical)
            raise Refused(403, "SignatureDoesNotMatch", MISMATCH)

    # --- signed calls -----------------------------------------------------

    def do_POST(self):
        try:
            n = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            return self.send(413, {"message": "body too large"}, "application/json")
        body = self.rfile.read(n)
        target = self.headers.get("X-Amz-Target")
        if target in (ECS_PREFIX + "RunTask", ECS_PREFIX + "DescribeTasks"):
            return self.ecs_task(body, target[len(ECS_PREFIX):])
        if target is not None:
            return self.update_service(body)
        if b"Action=DescribeStacks" in body:
            return self.describe_stacks(body)
        return self.put_metric_data(body)

    def check_signature(self, body, service, auth_class=SigV4Auth, must=None):
        """Raises Refused unless botocore signs this request the same way."""
        auth = self.headers.get("Authorization")
        if auth is None:
            raise Refused(403, "MissingAuthenticationToken",
                          "Request is missing Authentication Token")
        m = AUTH_RE.fullmatch(auth)
        if m is None:
            raise Refused(403, "IncompleteSignature",
                          "Authorization header is not AWS4-HMAC-SHA256: %r" % auth[:200])
        akid, day, region, scope_service, signed, _ = m.groups()
        if akid != ACCESS_KEY:
            raise Refused(403, "InvalidClientTokenId",
                          "The security token included in the request is invalid.")
        if scope_service != service:
            raise Refused(403, "SignatureDoesNotMatch",
                          "Credential should be scoped to correct service: '%s'." % service)
        amz_date = self.headers.get("X-Amz-Date", "")
        try:
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc)
        except ValueError:
            raise Refused(403, "IncompleteSignature", "X-Amz-Date is missing or malformed")
        if amz_date[:8] != day:
            raise Refused(403, "SignatureDoesNotMatch",
                          "Date in Credential scope does not match YYYYMMDD from X-Amz-Date")
        if abs(datetime.datetime.now(datetime.timezone.utc) - when) > MAX_SKEW:
            raise Refused(403, "RequestExpired", "Request has expired (X-Amz-Date %s)" % amz_date)
        token = self.headers.get("X-Amz-Security-Token")
        if token is not None and token != SESSION_TOKEN:
            raise Refused(403, "InvalidClientTokenId",
                          "The security token included in the request is invalid.")

        signed_names = signed.split(";")
        must = set(must or {"host", "x-amz-date", "content-type"})
        must |= {"x-amz-target"} if self.headers.get("X-Amz-Target") is not None else set()
        must |= {"x-amz-security-token"} if token is not None else set()
        if not must <= set(signed_names):
            raise Refused(403, "SignatureDoesNotMatch",
                          "headers %s must be signed" % ";".join(sorted(must - set(signed_names))))
        headers = {}
        for name in signed_names:
            values = self.headers.get_all(name)
            if values is None:
                raise Refused(403, "SignatureDoesNotMatch", "signed header %s not sent" % name)
            headers[name] = ",".join(values)

        request = AWSRequest(method=self.command, url="http://%s%s" % (headers["host"], self.path),
                             headers=headers, data=body)
        request.context["timestamp"] = amz_date
        signer = auth_class(Credentials(ACCESS_KEY, SECRET_KEY, token), service, region)
        signer._modify_request_before_signing(request)
        canonical = signer.canonical_request(request)
        signature = signer.signature(signer.string_to_sign(request, canonical), request)
        signer._inject_signature_to_request(request, signature)
        if not hmac.compare_digest(request.headers["Authorization"], auth):
            self.log_message("expected %s\ncanonical request:\n%s",
                             request.headers["Authorization"], canonical)
            raise Refused(403, "SignatureDoesNotMatch", MISMATCH)
        return token

    def put_metric_data(self, body):
        try:
            if not self.headers.get("Content-Type", "").startswith(
                    "application/x-www-form-urlencoded"):
                raise Refused(400, "InvalidParameterValue", "expected a form body")
            token = self.check_signature(body, "monitoring")
            form = {k: v[0] for k, v in
                    parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
            if form.get("Action") != "PutMetricData":
                raise Refused(400, "InvalidAction",
                              "Could not find operation %s" % form.get("Action"))
            if form.get("Version") != "2010-08-01":
                raise Refused(400, "InvalidParameterValue", "Version must be 2010-08-01")
            if not form.get("Namespace"):
                raise Refused(400, "MissingParameter", "The parameter Namespace is required.")
            metrics = []
            i = 1
            while "MetricData.member.%d.MetricName" % i in form:
                p = "MetricData.member.%d." % i
                try:
                    value = float(form[p + "Value"])
                except (KeyError, ValueError):
                    raise Refused(400, "InvalidParameterValue", "%sValue is not a number" % p)
                dims = {}
                j = 1
                while "%sDimensions.member.%d.Name" % (p, j) in form:
                    d = "%sDimensions.member.%d." % (p, j)
                    dims[form[d + "Name"]] = form.get(d + "Value", "")
                    j += 1
                metrics.append({"name": form[p + "MetricName"], "value": value,
                                "unit": form.get(p + "Unit"), "dimensions": dims})
                i += 1
            if not metrics:
                raise Refused(400, "MissingParameter", "The parameter MetricData is required.")
        except Refused as e:
            return self.refuse_xml(e)
        except UnicodeDecodeError:
            return self.refuse_xml(Refused(400, "InvalidParameterValue", "body is not UTF-8"))
        record({"action": "PutMetricData", "namespace": form["Namespace"], "metrics": metrics,
                "accessKeyId": ACCESS_KEY, "sessionToken": token is not None})
        self.note = "%s %d metric(s)" % (form["Namespace"], len(metrics))
        self.send(200, '<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/'
                  '2010-08-01/"><ResponseMetadata><RequestId>%s</RequestId>'
                  "</ResponseMetadata></PutMetricDataResponse>" % uuid.uuid4(), "text/xml")

    def update_service(self, body):
        try:
            if self.headers.get("X-Amz-Target") != ECS_TARGET:
                raise Refused(400, "UnknownOperationException", "Unknown operation")
            if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
                raise Refused(400, "SerializationException", "expected application/x-amz-json-1.1")
            token = self.check_signature(body, "ecs")
            try:
                call = json.loads(body)
            except ValueError:
                raise Refused(400, "SerializationException", "body is not JSON")
            if not isinstance(call, dict) or not isinstance(call.get("cluster"), str) or \
                    not isinstance(call.get("service"), str) or \
                    type(call.get("desiredCount")) is not int or call["desiredCount"] < 0:
                raise Refused(400, "InvalidParameterException",
                              "cluster, service and desiredCount >= 0 are required")
        except Refused as e:
            return self.refuse_json(e)
        record({"action": "UpdateService", "cluster": call["cluster"],
                "service": call["service"], "desiredCount": call["desiredCount"],
                "accessKeyId": ACCESS_KEY, "sessionToken": token is not None})
        self.note = "%s/%s desiredCount=%d" % (call["cluster"], call["service"],
                                                 call["desiredCount"])
        arn = "arn:aws:ecs:us-east-1:000000000000:"
        self.send(200, {"service": {
            "serviceArn": arn + "service/%s/%s" % (call["cluster"], call["service"]),
            "serviceName": call["service"],
            "clusterArn": arn + "cluster/" + call["cluster"],
            "status": "ACTIVE",
            "desiredCount": call["desiredCount"],
            "runningCount": 0,
            "pendingCount": 0,
        }}, "application/x-amz-json-1.1")


def fixture():
    path = os.environ.get("FAKE_AWS_FIXTURE")
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Calls(Handler):
    """CloudFormation DescribeStacks, ECS RunTask and DescribeTasks."""

    def describe_stacks(self, body):
        ns = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
        try:
            if not self.headers.get("Content-Type", "").startswith(
                    "application/x-www-form-urlencoded"):
                raise Refused(400, "InvalidParameterValue", "expected a form body")
            self.check_signature(body, "cloudformation")
            form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
            if form.get("Version") != "2010-05-15":
                raise Refused(400, "InvalidParameterValue", "Version must be 2010-05-15")
            name = form.get("StackName", "")
            outputs = fixture().get("stacks", {}).get(name)
            if outputs is None:
                raise Refused(400, "ValidationError", "Stack with id %s does not exist" % name)
        except Refused as e:
            self.note = e.code
            return self.send(e.status, '<ErrorResponse xmlns="%s"><Error><Type>Sender</Type>'
                             "<Code>%s</Code><Message>%s</Message></Error><RequestId>%s"
                             "</RequestId></ErrorResponse>"
                             % (ns, e.code, xml_escape(e.message), uuid.uuid4()), "text/xml")
        record({"action": "DescribeStacks", "stackName": name, "accessKeyId": ACCESS_KEY})
        members = "".join("<member><OutputKey>%s</OutputKey><OutputValue>%s</OutputValue>"
                          "</member>" % (xml_escape(k), xml_escape(v))
                          for k, v in outputs.items())
        self.note = name
        self.send(200, '<DescribeStacksResponse xmlns="%s"><DescribeStacksResult><Stacks>'
                  "<member><StackName>%s</StackName><StackId>arn:aws:cloudformation:us-east-1:"
                  "000000000000:stack/%s/1</StackId><CreationTime>2026-01-01T00:00:00Z"
                  "</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>%s"
                  "</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata>"
                  "<RequestId>%s</RequestId></ResponseMetadata></DescribeStacksResponse>"
                  % (ns, xml_escape(name), xml_escape(name), members, uuid.uuid4()), "text/xml")

    def ecs_task(self, body, operation):
        try:
            if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
                raise Refused(400, "SerializationException", "expected application/x-amz-json-1.1")
            self.check_signature(body, "ecs")
            try:
                call = json.loads(body)
            except ValueError:
                raise Refused(400, "SerializationException", "body is not JSON")
            if not isinstance(call, dict) or not isinstance(call.get("cluster"), str):
                raise Refused(400, "InvalidParameterException", "cluster is required")
            if operation == "RunTask":
                return self.run_task(call)
            return self.describe_tasks(call)
        except Refused as e:
            return self.refuse_json(e)

    def run_task(self, call):
        vpc = (call.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
        if not isinstance(call.get("taskDefinition"), str) or call.get("launchType") != "FARGATE" \
                or not vpc.get("subnets") or not vpc.get("securityGroups"):
            raise Refused(400, "InvalidParameterException", "taskDefinition, launchType FARGATE "
                          "and awsvpcConfiguration subnets and securityGroups are required")
        arn = "arn:aws:ecs:us-east-1:000000000000:task/%s/%s" % (call["cluster"],
                                                                 uuid.uuid4().hex)
        with lock:
            tasks[arn] = {"definition": call["taskDefinition"], "described": 0}
        record({"action": "RunTask", "cluster": call["cluster"],
                "taskDefinition": call["taskDefinition"], "launchType": call["launchType"],
                "network": vpc, "overrides": call.get("overrides"),
                "startedBy": call.get("startedBy"), "accessKeyId": ACCESS_KEY})
        self.note = call["taskDefinition"]
        self.send(200, {"tasks": [{"taskArn": arn, "lastStatus": "PROVISIONING"}],
                        "failures": []}, "application/x-amz-json-1.1")

    def describe_tasks(self, call):
        found, failures = [], []
        codes = fixture().get("exitCodes", {})
        for arn in call.get("tasks") or []:
            with lock:
                task = tasks.get(arn)
                if task is not None:
                    task["described"] += 1
                    task = dict(task)
            if task is None:
                failures.append({"arn": arn, "reason": "MISSING"})
                continue
            stopped = task["described"] > 1
            container = {"name": "main", "lastStatus": "STOPPED" if stopped else "RUNNING"}
            entry = {"taskArn": arn, "taskDefinitionArn": task["definition"],
                     "lastStatus": container["lastStatus"], "containers": [container]}
            if stopped:
                container["exitCode"] = codes.get(task["definition"], 0)
                entry["stoppedReason"] = "Essential container in task exited"
            found.append(entry)
        self.send(200, {"tasks": found, "failures": failures}, "application/x-amz-json-1.1")


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    global record_file
    if len(sys.argv) != 3:
        sys.exit("usage: aws_endpoint.py PORT RECORD_FILE")
    record_file = sys.argv[2]
    serve(sys.argv[1], Calls)


if __name__ == "__main__":
    main()
