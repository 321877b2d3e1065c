import type { AttendanceCell, AttendanceMatrix } from '../api/types.ts';
import { attendanceLevel, attendanceLevels, formatMinutes, formatShare } from '../attendance/attendance-scale.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDayTime } from '../time/format.ts';

type Person = AttendanceMatrix['people'][number];
type Session = AttendanceMatrix['sessions'][number];

function Legend() {
  const { t } = useI18n();
  return (
    <ul className="plain legend heat-legend" aria-label={t('attendance.legend')}>
      {attendanceLevels.map((step) => (
        <li key={step.level}>
          <span className={`swatch heat-${step.level}`} aria-hidden="true" /> {t(step.label)}
        </li>
      ))}
      <li>
        <span aria-hidden="true" className="override-mark">
          ✎
        </span>{' '}
        {t('attendance.overrideMark')}
      </li>
    </ul>
  );
}

function Cell({ person, session, cell, selected, onOpen }: { person: Person; session: Session; cell: AttendanceCell; selected: boolean; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const share = cell.effectiveMinutes / session.durationMinutes;
  const computed = { minutes: formatMinutes(cell.minutesPresent, locale), duration: session.durationMinutes, share: formatShare(cell.share, locale) };
  const label = cell.override
    ? t('attendance.cellOverridden', { name: person.name, session: session.title, ...computed, override: formatMinutes(cell.override.minutes, locale) })
    : t('attendance.cell', { name: person.name, session: session.title, ...computed });
  return (
    <td className="heat-cell-holder">
      {/* The visible share comes first in the button's name, the numbers in words after it. */}
      <button type="button" className={`heat-cell heat-${attendanceLevel(share)}`} aria-pressed={selected} onClick={onOpen} data-session-id={session.id} data-person-id={person.personId}>
        {formatShare(share, locale)}
        {cell.override && (
          <span aria-hidden="true" className="override-mark">
            {' ✎'}
          </span>
        )}
        <span className="visually-hidden"> {label}</span>
      </button>
    </td>
  );
}

/** Participants × sessions, each cell coloured by the share of the session attended and a button to its detail. */
export function AttendanceHeatMap({ matrix, hostTimeZone, selected, onOpen }: { matrix: AttendanceMatrix; hostTimeZone: string; selected: { sessionId: string; personId: string } | undefined; onOpen: (cell: { sessionId: string; personId: string; name: string }) => void }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Legend />
      <div className="table-scroll">
        <table className="heat-map">
          <caption className="visually-hidden">{t('attendance.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('attendance.person')}</th>
              {matrix.sessions.map((session) => (
                <th scope="col" key={session.id} className="heat-session">
                  <span>{session.title}</span>
                  <small className="muted">{formatDayTime(session.startsAt, hostTimeZone, locale)}</small>
                </th>
              ))}
              <th scope="col">{t('attendance.total')}</th>
            </tr>
          </thead>
          <tbody>
            {matrix.people.map((person) => (
              <tr key={person.personId} data-person-id={person.personId}>
                <th scope="row">
                  {person.name}
                  <small className="muted"> · {person.city ?? person.country}</small>
                </th>
                {person.cells.map((cell, index) => (
                  <Cell
                    key={cell.sessionId}
                    person={person}
                    session={matrix.sessions[index]!}
                    cell={cell}
                    selected={selected?.sessionId === cell.sessionId && selected.personId === person.personId}
                    onOpen={() => onOpen({ sessionId: cell.sessionId, personId: person.personId, name: person.name })}
                  />
                ))}
                <td className="heat-total">
                  {t('attendance.totalValue', { minutes: formatMinutes(person.totalMinutes, locale), scheduled: matrix.scheduledMinutes, share: formatShare(person.share, locale) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
