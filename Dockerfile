# citebot: one replica. Build: docker build -t citebot .   Run: docker run --init --env-file .env -p 3000:3000 citebot
# Follows the docker-node best practices: NODE_ENV=production, production dependencies only, a non-root user, and an
# init process (`--init`, or `init: true` in compose.yaml) so SIGTERM reaches node and the bot shuts down gracefully.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources: it is a production dependency, so --omit=dev keeps everything the bot needs.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY adapters ./adapters
COPY src ./src
COPY data ./data
COPY tsconfig.json ./
# The corpus lives in /corpus (a volume shared by replicas, seeded from the bundled papers on first use); the saved
# index and the SQLite file (used without DATABASE_URL) in the node user's home.
RUN mkdir -p /corpus /home/node/.cache/citebot /home/node/state \
  && cp data/papers.jsonl /corpus/papers.jsonl \
  && chown -R node:node /corpus /home/node
ENV CITEBOT_CORPUS=/corpus/papers.jsonl \
    CITEBOT_CACHE_DIR=/home/node/.cache/citebot \
    CITEBOT_DATA_DIR=/home/node/state \
    PORT=3000
USER node
EXPOSE 3000
# node itself (not npm) gets the signals; GET /healthz is what a load balancer or orchestrator should probe.
CMD ["node", "--import", "tsx", "adapters/main.ts"]
