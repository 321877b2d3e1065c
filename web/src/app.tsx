import { lazy, Suspense, type ReactNode } from 'react';
import { isStaffSession, useSession } from './auth/session-context.tsx';
import { Loading } from './components/feedback.tsx';
import { matchPath, Redirect, usePath } from './router/router.tsx';
import { SignInPage } from './participant/sign-in-page.tsx';
import { MyProgrammePage } from './participant/my-programme-page.tsx';
import { NotFoundPage } from './participant/not-found-page.tsx';

// /verify/:number is not a route of the app: the server renders that public page itself
// (server/http/verify.routes.ts), so a QR code opens a plain HTML page without this bundle.

// The session page (LiveKit) and the coordinator pages load on demand: a participant opening
// "My programme" on a weak connection downloads neither.
const SessionPage = lazy(() => import('./session/session-page.tsx'));
const CohortsPage = lazy(() => import('./coordinator/cohorts-page.tsx'));
const CohortPage = lazy(() => import('./coordinator/cohort-page.tsx'));
const LiveMonitorPage = lazy(() => import('./coordinator/live-monitor-page.tsx'));

type Route = { pattern: string; render: (params: Record<string, string>) => ReactNode; access: 'anyone' | 'signed-in' | 'staff' };

const routes: Route[] = [
  { pattern: '/sign-in', access: 'anyone', render: () => <SignInPage /> },
  { pattern: '/programme', access: 'signed-in', render: () => <MyProgrammePage /> },
  { pattern: '/sessions/:id', access: 'signed-in', render: ({ id }) => <SessionPage sessionId={id!} /> },
  { pattern: '/coordinator', access: 'staff', render: () => <CohortsPage /> },
  { pattern: '/coordinator/cohorts/:id', access: 'staff', render: ({ id }) => <CohortPage cohortId={id!} tab="sessions" /> },
  { pattern: '/coordinator/cohorts/:id/:tab', access: 'staff', render: ({ id, tab }) => <CohortPage cohortId={id!} tab={tab!} /> },
  { pattern: '/coordinator/sessions/:id/live', access: 'staff', render: ({ id }) => <LiveMonitorPage sessionId={id!} /> },
];

export function App() {
  const path = usePath();
  const { session } = useSession();
  if (session === undefined) return <Loading />;
  if (path === '/') return <Redirect to={session ? (isStaffSession(session) ? '/coordinator' : '/programme') : '/sign-in'} />;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.access !== 'anyone' && !session) return <Redirect to={`/sign-in?next=${encodeURIComponent(path)}`} />;
    if (route.access === 'staff' && !isStaffSession(session)) return <Redirect to="/programme" />;
    return <Suspense fallback={<Loading />}>{route.render(params)}</Suspense>;
  }
  return <NotFoundPage />;
}
