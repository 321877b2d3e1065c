import { api } from '../api/client.ts';
import type { CohortView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { AttendanceTab } from './attendance-tab.tsx';
import { CertificatesTab } from './certificates-tab.tsx';
import { CohortDetailsTab } from './cohort-details-tab.tsx';
import { CompletionTab } from './completion-tab.tsx';
import { InvitationsTab } from './invitations-tab.tsx';
import { PlannerTab } from './planner-tab.tsx';
import { RosterTab } from './roster-tab.tsx';
import { SessionsTab } from './sessions-tab.tsx';
import { TeamsTab } from './teams-tab.tsx';

const tabs = ['sessions', 'roster', 'teams', 'planner', 'invitations', 'attendance', 'completion', 'certificates', 'details'] as const;
type Tab = (typeof tabs)[number];

function TabContent({ tab, cohort, onChanged }: { tab: Tab; cohort: CohortView; onChanged: () => void }) {
  switch (tab) {
    case 'sessions':
      return <SessionsTab cohort={cohort} />;
    case 'roster':
      return <RosterTab cohort={cohort} onImported={onChanged} />;
    case 'planner':
      return <PlannerTab cohort={cohort} />;
    case 'invitations':
      return <InvitationsTab cohort={cohort} />;
    case 'teams':
      return <TeamsTab cohort={cohort} />;
    case 'attendance':
      return <AttendanceTab cohort={cohort} />;
    case 'completion':
      return <CompletionTab cohort={cohort} />;
    case 'certificates':
      return <CertificatesTab cohort={cohort} />;
    case 'details':
      return <CohortDetailsTab cohort={cohort} onSaved={onChanged} />;
  }
}

export default function CohortPage({ cohortId, tab }: { cohortId: string; tab: string }) {
  const { t, plural } = useI18n();
  const cohort = useLoad(() => api.get<CohortView>(`/api/cohorts/${cohortId}`), [cohortId]);
  const current: Tab = (tabs as readonly string[]).includes(tab) ? (tab as Tab) : 'sessions';
  return (
    <PageShell title={cohort.data?.title ?? t('cohorts.cohort')} wide>
      <ErrorMessage error={cohort.error} />
      {cohort.loading && !cohort.data && <Loading />}
      {cohort.data && (
        <>
          <p className="lead">
            {cohort.data.firstDay} – {cohort.data.lastDay} · {cohort.data.hostTimeZone} · {plural('cohort.participants', cohort.data.counts.participants)}
          </p>
          <nav aria-label={t('cohort.sections')} className="tabs">
            <ul>
              {tabs.map((name) => (
                <li key={name}>
                  <Link to={`/coordinator/cohorts/${cohortId}/${name}`} aria-current={name === current ? 'page' : undefined}>
                    {t(`cohort.tab.${name}` as MessageKey)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <TabContent tab={current} cohort={cohort.data} onChanged={cohort.reload} />
        </>
      )}
    </PageShell>
  );
}
