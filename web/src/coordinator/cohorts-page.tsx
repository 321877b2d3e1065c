import { api } from '../api/client.ts';
import type { CohortView, Page, ProgrammeView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { PageShell } from '../components/page-shell.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { Link } from '../router/router.tsx';
import { CreateCohortForm } from './create-cohort-form.tsx';
import { ProgrammesSection } from './programmes-section.tsx';

export default function CohortsPage() {
  const { t } = useI18n();
  const cohorts = useLoad(() => api.get<Page<CohortView>>('/api/cohorts?limit=200'), []);
  const programmes = useLoad(() => api.get<Page<ProgrammeView>>('/api/programmes?limit=200'), []);

  return (
    <PageShell title={t('cohorts.title')} wide>
      <ErrorMessage error={cohorts.error} />
      {cohorts.loading && !cohorts.data && <Loading />}
      {cohorts.data && (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('cohorts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cohorts.cohort')}</th>
                <th scope="col">{t('cohorts.dates')}</th>
                <th scope="col">{t('cohorts.hostZone')}</th>
                <th scope="col">{t('cohorts.status')}</th>
                <th scope="col">{t('cohorts.people')}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.data.items.map((cohort) => (
                <tr key={cohort.id}>
                  <th scope="row">
                    <Link to={`/coordinator/cohorts/${cohort.id}`}>{cohort.title}</Link>
                  </th>
                  <td>
                    {cohort.firstDay} – {cohort.lastDay}
                  </td>
                  <td>{cohort.hostTimeZone}</td>
                  <td>{t(`cohortStatus.${cohort.status}` as MessageKey)}</td>
                  <td>{cohort.counts.participants}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {cohorts.data.items.length === 0 && <p>{t('cohorts.none')}</p>}
        </div>
      )}
      <CreateCohortForm programmes={programmes.data?.items ?? []} onProgrammeCreated={programmes.reload} />
      <ErrorMessage error={programmes.error} />
      {programmes.data && <ProgrammesSection programmes={programmes.data.items} onChanged={programmes.reload} />}
    </PageShell>
  );
}
