# The C programs for the Fargate task and the one-off tasks, in one image:
#   /usr/libexec/verbose-c/{api,graphql,admin,flower}, /usr/bin/{worker,worker-ctl,wsd}
# on an empty base (FROM scratch): the programs, the shared libraries they
# load, the loader, CA certificates, /etc/passwd with the user app (10001),
# the migrations, the beat's schedule and the built static tree (the PWA,
# the API document's page, the admin's files, robots.txt: what the nginx
# image serves, for the collectstatic task to upload to S3). No shell and no
# package manager: a command is a program and its arguments (exec form), e.g.
#   worker-ctl migrate | createsuperuser --email E | create_default_user | collectstatic
# ops/docker/rootfs.sh builds that root filesystem; t/integration/app_rootfs.t
# builds the same from the release build without a container engine and
# checks it (under 40 MB, libraries resolve, the api answers).
# Build: docker build -f ops/docker/app.Dockerfile -t verbose-c-app .
# (podman: see ops/docker/podman-smoke.)
FROM node:20-bookworm AS spa
WORKDIR /src/quasar
COPY quasar/package.json quasar/package-lock.json quasar/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY quasar ./
RUN npm run build:pwa && npm run build:api-docs

FROM debian:12 AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      build-essential autoconf automake autoconf-archive pkg-config libfcgi-dev libpq-dev \
      libhiredis-dev libjson-c-dev libjwt-dev libcurl4-openssl-dev libssl-dev libwebsockets-dev \
      ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
COPY --from=spa /src/static/pwa /static/pwa
COPY --from=spa /src/static/api-docs /static/api-docs
RUN cp -a static/robots.txt static/admin /static/ \
    && autoreconf -fi && mkdir -p /build && cd /build && /src/configure -q --prefix=/usr \
    && make -s -j"$(nproc)" && make -s install-strip DESTDIR=/stage \
    && /src/ops/docker/rootfs.sh /rootfs /stage /static

FROM scratch
COPY --from=build /rootfs/ /
USER 10001:10001
ENV FCGI_LISTEN=127.0.0.1:9000 SQL_DIR=/usr/share/verbose-c/sql \
    SCHEDULE_FILE=/usr/share/verbose-c/schedule.conf MEDIA_ROOT=/var/lib/verbose-c/media \
    STATIC_ROOT=/usr/share/verbose-c/static SPA_MODE=pwa \
    PATH=/usr/libexec/verbose-c:/usr/bin
EXPOSE 9000
CMD ["/usr/libexec/verbose-c/api"]
