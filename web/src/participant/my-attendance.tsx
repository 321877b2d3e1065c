import { api } from '../api/client.ts';
import type { AttendanceMatrix, MyEnrolment } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { attendanceLevel, formatMinutes, formatShare } from '../attendance/attendance-scale.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDayTime } from '../time/format.ts';
import { MyCompletion } from './my-completion.tsx';

/** One programme's attendance so far: the same matrix coordinators see, holding only the reader's row. */
function ProgrammeAttendance({ enrolment, timeZone }: { enrolment: MyEnrolment; timeZone: string }) {
  const { t, locale } = useI18n();
  const matrix = useLoad(() => api.get<AttendanceMatrix>(`/api/cohorts/${enrolment.cohortId}/attendance`), [enrolment.cohortId]);
  const mine = matrix.data?.people[0];
  return (
    <div className="my-attendance" data-cohort-id={enrolment.cohortId}>
      <h3>{enrolment.cohortTitle}</h3>
      <MyCompletion cohortId={enrolment.cohortId} sessionTitle={(id) => matrix.data?.sessions.find((s) => s.id === id)?.title ?? id} />
      <ErrorMessage error={matrix.error} />
      {matrix.data && !mine && <p className="muted">{t('attendance.noneYet')}</p>}
      {matrix.data && mine && (
        <>
          <p>
            <strong>{t('attendance.totalValue', { minutes: formatMinutes(mine.totalMinutes, locale), scheduled: matrix.data.scheduledMinutes, share: formatShare(mine.share, locale) })}</strong>
          </p>
          <ul className="plain">
            {mine.cells.map((cell, index) => {
              const session = matrix.data!.sessions[index]!;
              return (
                <li key={cell.sessionId}>
                  <span className={`swatch heat-${attendanceLevel(cell.effectiveMinutes / session.durationMinutes)}`} aria-hidden="true" /> {session.title} ({formatDayTime(session.startsAt, timeZone, locale)}):{' '}
                  {t('attendance.minutesOf', { minutes: formatMinutes(cell.effectiveMinutes, locale), duration: session.durationMinutes })}
                  {cell.override && <span className="muted"> — {t('attendance.adjusted', { reason: cell.override.reason })}</span>}
                </li>
              );
            })}
          </ul>
          {mine.cells.length === 0 && <p className="muted">{t('attendance.noneYet')}</p>}
        </>
      )}
    </div>
  );
}

export function MyAttendance({ enrolments, timeZone }: { enrolments: MyEnrolment[]; timeZone: string }) {
  const participating = enrolments.filter((e) => e.role === 'participant' && e.status !== 'withdrawn' && e.status !== 'declined');
  return (
    <>
      {participating.map((enrolment) => (
        <ProgrammeAttendance key={enrolment.id} enrolment={enrolment} timeZone={timeZone} />
      ))}
    </>
  );
}
