# The nginx sidecar: conf/nginx/production.conf rendered for the task, plus
# static/ and the front end, built here in PWA mode (its service worker never
# caches /api/, /graphql/, /admin/, /flower/, /media/ or /ws/). Runs as
# www-data (not root), so it listens on an unprivileged port: 8080. Its pid
# file and temporary files are in /var/lib/nginx, which www-data owns (the
# check at build time, as root, runs before the chown).
# Build: docker build -f ops/docker/nginx.Dockerfile -t verbose-c-nginx .
FROM node:20-bookworm AS spa
WORKDIR /src/quasar
# The dependencies first (a layer that changes only with the lock file),
# without their scripts: the project's postinstall (quasar prepare) needs the
# whole quasar/ tree, so `npm ci` alone here fails ("This command must be
# executed inside a Quasar project folder"). The scripts run once it is in.
COPY quasar/package.json quasar/package-lock.json quasar/.npmrc ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY quasar ./
RUN npm rebuild && npx quasar prepare && npm run build:pwa && node scripts/first-page-size.mjs /src/static/pwa \
    && npm run build:api-docs

FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
COPY conf/nginx /src/conf/nginx
COPY ops/render-nginx /src/ops/render-nginx
COPY static/robots.txt /srv/static/robots.txt
COPY static/admin /srv/static/admin
COPY --from=spa /src/static/pwa /srv/static/pwa
COPY --from=spa /src/static/api-docs /srv/static/api-docs
# The load balancer's addresses: only they may set X-Forwarded-For (the
# per-address login throttle trusts it). Comma-separated. The default is the
# VPC ops/cdk creates (CDK's 10.0.0.0/16, the ALB in its public subnets), not
# render-nginx's own default (AWS's default VPC, 172.31.0.0/16): with that,
# every login through the ALB would count against the ALB's few addresses.
ARG TRUSTED_PROXY_CIDRS=10.0.0.0/16
ARG NGINX_PORT=8080
RUN PORT=$NGINX_PORT API_UPSTREAM=127.0.0.1:9000 FLOWER_UPSTREAM=127.0.0.1:9001 \
      GRAPHQL_UPSTREAM=127.0.0.1:9002 ADMIN_UPSTREAM=127.0.0.1:9003 WSD_UPSTREAM=127.0.0.1:8001 MEDIA_ROOT=/srv/media \
      STATIC_ROOT=/srv/static SPA_MODE=pwa PID_FILE=/var/lib/nginx/nginx.pid /src/ops/render-nginx production /etc/nginx \
    && rm -rf /src && nginx -t -c /etc/nginx/nginx.conf 2>&1 \
    && rm -f /var/lib/nginx/nginx.pid && mkdir -p /srv/media \
    && chown -R www-data:www-data /var/lib/nginx /var/log/nginx
USER www-data
EXPOSE 8080
CMD ["nginx", "-c", "/etc/nginx/nginx.conf", "-g", "daemon off;"]
