# Node 24 LTS runs the TypeScript sources directly (type stripping); only the web app is built (Vite).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# All dependencies: the `node` dev dependency pins the runtime for npm scripts on older hosts.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build:web
USER node
EXPOSE 3000
CMD ["node", "server/main.ts"]
