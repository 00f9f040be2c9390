# syntax=docker/dockerfile:1.7
# Image of one Resugrow service, chosen by the SERVICE build argument. Build from the repository
# root (the uv workspace):
#   docker build --build-arg SERVICE=ats -t resugrow/ats:dev .
# Any folder services/<name> with a resugrow-<name> package builds the same way: no per-service
# lines here. Only that package's runtime dependencies from uv.lock are installed: never the dev
# group (pytest, the GPL SecantusDB server, the Tansu broker wheel).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

# uv reads the whole workspace, so every member's manifest is needed before the first sync. They
# are gathered by a glob in their own stage: the builder copies only /manifests, so its dependency
# layer stays cached until uv.lock or a manifest changes, and a new service needs no edit here.
FROM ${PYTHON_IMAGE} AS manifests
WORKDIR /context
COPY . .
RUN mkdir /manifests \
 && cp pyproject.toml uv.lock /manifests/ \
 && for m in shared/*/pyproject.toml services/*/pyproject.toml; do \
        mkdir -p "/manifests/$(dirname "$m")" && cp "$m" "/manifests/$m"; \
    done

FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<name>" >&2; exit 1; }
# 1. Third-party dependencies only: this layer is reused until uv.lock or a manifest changes.
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package resugrow-${SERVICE}
# 2. The service and the shared packages, installed as wheels (not editable), so the runtime
#    stage needs nothing but /app/.venv. uv installs only the shared packages the service depends
#    on; the test package's sources are kept out of the context by .dockerignore.
COPY shared/ shared/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package resugrow-${SERVICE}

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="resugrow-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/resugrow/resugrow" \
      org.opencontainers.image.description="Resugrow ${SERVICE} service"
RUN groupadd --system --gid 10001 resugrow \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin resugrow
COPY --from=builder --chown=root:root /app/.venv /app/.venv
# Read-only root filesystem: the only writable path is /tmp (an emptyDir or tmpfs volume);
# bytecode is precompiled at build time so Python never writes next to the code.
# RESUGROW_SERVE_SERVICE names the service the platform's runner starts (CMD is exec form, which
# does not expand build arguments).
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TMPDIR=/tmp \
    HOME=/tmp \
    RESUGROW_SERVE_SERVICE=${SERVICE} \
    OTEL_SERVICE_NAME=${SERVICE}
VOLUME ["/tmp"]
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# Liveness only: /livez never checks Kafka or MongoDB, so an outage does not restart the container.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/livez', timeout=2).status == 200 else 1)"]
STOPSIGNAL SIGTERM
# The platform's runner: resugrow_<SERVICE>.main:create_app under uvicorn with the platform's JSON
# logging (no second uvicorn log format), proxy headers, and graceful shutdown from settings.
CMD ["python", "-m", "resugrow_platform.serve", "--host", "0.0.0.0", "--port", "8000"]
