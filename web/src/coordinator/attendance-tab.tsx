import { useState } from 'react';
import { api } from '../api/client.ts';
import type { AttendanceMatrix, CohortView } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { browserTimeZone, formatDateTime, zoneLabel } from '../time/format.ts';
import { AttendanceDetailPanel } from './attendance-detail.tsx';
import { AttendanceHeatMap } from './attendance-heat-map.tsx';

/** The attendance matrix as a heat map, the detail of one cell with its evidence and overrides, and the CSV. */
export function AttendanceTab({ cohort }: { cohort: CohortView }) {
  const { t, locale } = useI18n();
  const [version, setVersion] = useState(0);
  const matrix = useLoad(() => api.get<AttendanceMatrix>(`/api/cohorts/${cohort.id}/attendance`), [cohort.id, version]);
  const [open, setOpen] = useState<{ sessionId: string; personId: string; name: string }>();
  const timeZone = browserTimeZone();
  return (
    <>
      <ErrorMessage error={matrix.error} />
      {matrix.loading && !matrix.data && <Loading />}
      {matrix.data && (
        <section aria-labelledby="attendance-heading">
          <h2 id="attendance-heading">{t('attendance.title')}</h2>
          <p className="muted">
            {t('attendance.computedAt', { time: formatDateTime(matrix.data.computedAt, timeZone, locale), zone: zoneLabel(timeZone) })}{' '}
            <a href={`/api/cohorts/${cohort.id}/attendance?format=csv`} download>
              {t('attendance.csv')}
            </a>
          </p>
          {matrix.data.sessions.length === 0 ? <p>{t('attendance.noSessions')}</p> : <AttendanceHeatMap matrix={matrix.data} hostTimeZone={cohort.hostTimeZone} selected={open} onOpen={setOpen} />}
        </section>
      )}
      {open && <AttendanceDetailPanel key={`${open.sessionId}/${open.personId}`} {...open} timeZone={timeZone} canOverride onChanged={() => setVersion((v) => v + 1)} />}
    </>
  );
}
