# shellcheck shell=bash
# Sourced by ops/bench/admin after its own runs: Django 3.2's admin
# (refadmin/, unmanaged models on the same tables) under gunicorn on a free
# port, the staff user logged in through its login form, and the same three
# lists measured with wrk; django_print prints them. Needs Debian's
# python3-django, python3-psycopg2 and gunicorn.
# shellcheck disable=SC2154 # statement, total, SEARCH...: ops/bench/admin sets them
django_port=$(free_port)
django_ready=0
if /usr/bin/python3 -c 'import django, psycopg2' 2>/dev/null && [ -x /usr/bin/gunicorn ]; then
    SECRET_KEY=$SECRET_KEY POSTGRES_SERVICE_PORT=$POSTGRES_SERVICE_PORT /usr/bin/gunicorn \
        --chdir "$ROOT/ops/bench/django-admin" -w "$FCGI_WORKERS" -b "127.0.0.1:$django_port" \
        refadmin.wsgi >>"$VAR_DIR/log/django.log" 2>&1 &
    BENCH_PIDS+=("$!")
    wait_for_port "$django_port" 20 gunicorn && django_ready=1
fi
django_url="http://127.0.0.1:$django_port"
django_list=/admin/refadmin/transaction/
django_both="$django_list?q=$SEARCH&source_file__id__exact=$statement"
django_searched="$django_list?q=$SEARCH"
if [ "$django_ready" = 1 ]; then
    djar=$VAR_DIR/django-cookies
    token=$(curl -s -c "$djar" "$django_url/admin/login/" |
        grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | sed 's/.*value="//; s/"$//')
    curl -s -o /dev/null -b "$djar" -c "$djar" --data-urlencode "username=$BENCH_EMAIL" \
        --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "csrfmiddlewaretoken=$token" \
        --data-urlencode "next=/admin/" "$django_url/admin/login/?next=/admin/"
    django_cookie="Cookie: $(awk '$6 ~ /^(csrftoken|sessionid)$/ {printf "%s=%s; ", $6, $7}' "$djar")"
    django_shown() {
        curl -s -H "$django_cookie" "$django_url$1" | grep -o '[0-9]* transactions\?' | tail -1
    }
    django_shown_both=$(django_shown "$django_both")
    read -r dj_both_rate dj_both_p99 < <(wrk_at "$django_url" "$django_cookie" "$django_both")
    read -r dj_searched_rate dj_searched_p99 < <(wrk_at "$django_url" "$django_cookie" "$django_searched")
    read -r dj_all_rate dj_all_p99 < <(wrk_at "$django_url" "$django_cookie" "$django_list")
    dj_last=$(curl -s -o /dev/null -w '%{http_code} %{time_starttransfer}' -H "$django_cookie" \
        "$django_url$django_list?p=$(( (total + 99) / 100 - 1 ))")
fi

django_print() {
    if [ "$django_ready" != 1 ]; then
        echo "Django's admin: not measured (needs Debian's python3-django, python3-psycopg2, gunicorn)"
        return
    fi
    echo "The reference: Django $(/usr/bin/python3 -c 'import django; print(django.get_version())')" \
        "admin, gunicorn with $FCGI_WORKERS sync workers, straight to it (no nginx), same data:"
    printf '%-62s %9s req/s  p99 %8s ms; shows %s\n' "GET $django_both" "$dj_both_rate" \
        "$dj_both_p99" "$django_shown_both"
    printf '%-62s %9s req/s  p99 %8s ms\n' "GET $django_searched" "$dj_searched_rate" "$dj_searched_p99"
    printf '%-62s %9s req/s  p99 %8s ms\n' "GET $django_list" "$dj_all_rate" "$dj_all_p99"
    printf '%-62s first byte %s s (HTTP %s)\n' "GET $django_list?p=$(( (total + 99) / 100 - 1 )) (the last page)" \
        "${dj_last#* }" "${dj_last%% *}"
}
