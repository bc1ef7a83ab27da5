# The fleet cloud's production image: the server's TypeScript sources run by Node 24 (type
# stripping, docs/decisions/0001), with only the server's runtime dependencies (the root
# package.json's `dependencies`). Build from the repository root:
#
#   docker build -f deploy/fleet-cloud.Dockerfile -t fleet-cloud .
#   docker run -p 8080:8080 -e DATABASE_URL=postgres://fleet_owner:secret@db:5432/fleet fleet-cloud
#
# DATABASE_URL is the owner connection (migrations run at start; the API then uses its own
# non-owner role). What goes into the build context: fleet-cloud.Dockerfile.dockerignore.

FROM node:24.21.0-bookworm-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# The production tree only: no devDependencies (build tools, the console's libraries, the Node
# binary package) and no optional ones (keytar is the console's keychain; embedded PostgreSQL's
# binaries are not needed against DATABASE_URL). No install scripts: none of these needs one.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY contract ./contract
COPY server ./server
# The built-in geocoder's shipped data (OSM roads, GeoNames localities).
COPY resources/geodata ./resources/geodata
# Offline region packs are cut from this archive (MAP_ARCHIVE points at a provider's own) by this writer.
COPY resources/basemap/basemap.pmtiles resources/basemap/pmtiles-writer.ts ./resources/basemap/
# The demo world (SEED_DEMO=1) that server/db/seed writes.
COPY demo ./demo
USER node
EXPOSE 8080
# /health answers ok only when the database answers too.
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself: `docker stop` closes the server gracefully.
CMD ["node", "--max-semi-space-size=8", "server/main-production.ts"]
