import type { Deps } from '../deps.ts';
import { createRouter } from './openapi.ts';

// Placeholder: filled in by its feature; mounted at /api with full paths.
export function notificationsRoutes(_deps: Deps) {
  return createRouter();
}
