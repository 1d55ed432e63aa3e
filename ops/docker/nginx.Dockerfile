# The nginx sidecar: conf/nginx/production.conf rendered for the task, plus static/.
# Build: docker build -f ops/docker/nginx.Dockerfile -t verbose-c-nginx .
FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*
COPY conf/nginx /src/conf/nginx
COPY ops/render-nginx /src/ops/render-nginx
COPY static /srv/static
RUN PORT=80 API_UPSTREAM=127.0.0.1:9000 FLOWER_UPSTREAM=127.0.0.1:9001 MEDIA_ROOT=/srv/media STATIC_ROOT=/srv/static \
      /src/ops/render-nginx production /etc/nginx && rm -rf /src
EXPOSE 80
CMD ["nginx", "-c", "/etc/nginx/nginx.conf", "-g", "daemon off;"]
