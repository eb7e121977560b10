# journey's image, for the publisher and the servers (deploy/k8s). Node 24 LTS on Debian 12, pinned.
# Build: docker build -t registry.example.org/journey:0.1.0 .

# 1. Dependencies, with the compilers better-sqlite3 needs, then only the production ones kept.
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY astro.config.mjs tsconfig.json ./
COPY core ./core
COPY config ./config
COPY contract ./contract
COPY state ./state
COPY loop ./loop
COPY redact ./redact
COPY synth ./synth
COPY admin ./admin
COPY server ./server
COPY ops ./ops
COPY deploy ./deploy
COPY console ./console
COPY demo ./demo
COPY site ./site

# 2. The runtime: the app and its production dependencies, no compilers, a non-root user.
FROM node:24.11.1-bookworm-slim
ENV NODE_ENV=production NO_COLOR=1 ASTRO_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# The node image's unprivileged user; the data and database folders are volumes it owns.
USER node
EXPOSE 8765
ENTRYPOINT ["node"]
CMD ["server/serve-cli.ts", "--no-worker", "--no-trigger"]
