# The C programs for the Fargate task (api now; worker and wsd as they land).
# Build: docker build -f ops/docker/app.Dockerfile -t verbose-c-app .
FROM debian:12 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      build-essential autoconf automake autoconf-archive pkg-config libfcgi-dev libpq-dev \
      libhiredis-dev libjson-c-dev libjwt-dev libcurl4-openssl-dev libssl-dev libwebsockets-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN autoreconf -fi && mkdir -p /build && cd /build && /src/configure --prefix=/usr \
    && make -j"$(nproc)" && make install DESTDIR=/out

FROM debian:12-slim
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      libfcgi0ldbl libpq5 libhiredis0.14 libjson-c5 libjwt0 libcurl4 libssl3 libwebsockets17 ca-certificates \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 app
COPY --from=build /out/ /
USER app
ENV FCGI_LISTEN=127.0.0.1:9000 SQL_DIR=/usr/share/verbose-c/sql
EXPOSE 9000
# One-off tasks use the same image: `worker-ctl migrate`, `worker-ctl create_default_user`.
CMD ["/usr/libexec/verbose-c/api"]
