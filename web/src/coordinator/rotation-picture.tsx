import type { CohortView, PlanView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ApplyPlanForm } from './apply-plan-form.tsx';

type Rotation = NonNullable<PlanView['rotation']>;
type CitySummary = Rotation['cities'][number];

const percent = (share: number) => Math.round(share * 100);
const cityKey = (city: { city: string; timeZone: string }) => `${city.city}|${city.timeZone}`;

function ShareBar({ share, outside, total, variant }: { share: number; outside: number; total: number; variant: 'rotation' | 'single' }) {
  const { t } = useI18n();
  return (
    <div className="share">
      <span className="share-track" aria-hidden="true">
        <span className={`share-bar share-${variant}`} style={{ inlineSize: `${percent(share)}%` }} />
      </span>
      <span className="share-words">{t('rotation.share', { percent: percent(share), outside, total })}</span>
    </div>
  );
}

/**
 * Per city, the share of sessions outside its preferred hours under the rotation beside the same
 * share at the best single start time: the trade-off is read from the lengths of the bars.
 */
export function RotationPicture({ cohort, plan, rotation }: { cohort: CohortView; plan: PlanView; rotation: Rotation }) {
  const { t } = useI18n();
  const single = plan.candidates.find((candidate) => candidate.hostTime === rotation.bestCandidate.hostTime);
  const singleByCity = new Map<string, CitySummary>((single?.cities ?? []).map((city) => [cityKey(city), city]));
  const total = rotation.sessions.length;
  const rows = [...rotation.cities].sort((a, b) => (singleByCity.get(cityKey(b))?.sessionsOutsideHoursShare ?? 0) - (singleByCity.get(cityKey(a))?.sessionsOutsideHoursShare ?? 0) || a.city.localeCompare(b.city));
  const slots = rotation.slots.map((slot) => slot.hostTime).join(', ');
  return (
    <section aria-labelledby="rotation-heading" className="card rotation">
      <h2 id="rotation-heading">{t('rotation.title', { slots })}</h2>
      <p>{t('rotation.summary', { rotation: percent(rotation.worstCityShare), single: percent(rotation.bestCandidate.worstCityShare), time: rotation.bestCandidate.hostTime })}</p>
      <p className="muted small">{rotation.definition}</p>
      <div className="table-scroll">
        <table className="rotation-bars">
          <caption>{t('rotation.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planner.city')}</th>
              <th scope="col">
                <span className="swatch share-rotation" /> {t('rotation.withRotation')}
              </th>
              <th scope="col">
                <span className="swatch share-single" /> {t('rotation.withSingle', { time: rotation.bestCandidate.hostTime })}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((city) => {
              const alone = singleByCity.get(cityKey(city));
              return (
                <tr key={cityKey(city)} data-city={city.city}>
                  <th scope="row">
                    {city.city} <span className="muted small">({city.timeZone})</span>
                  </th>
                  <td data-share="rotation">
                    <ShareBar share={city.sessionsOutsideHoursShare} outside={city.sessionsOutsideHours} total={total} variant="rotation" />
                  </td>
                  <td data-share="single">{alone ? <ShareBar share={alone.sessionsOutsideHoursShare} outside={alone.sessionsOutsideHours} total={single?.sessions.length ?? total} variant="single" /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details className="rotation-sessions">
        <summary>{t('rotation.sessionsTitle', { count: total })}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('rotation.sessionsTitle', { count: total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planner.sessionDate')}</th>
                <th scope="col">{t('rotation.hostTime')}</th>
                <th scope="col">{t('rotation.citiesOutside')}</th>
              </tr>
            </thead>
            <tbody>
              {rotation.sessions.map((session) => (
                <tr key={session.hostLocalStart}>
                  <th scope="row">{session.hostLocalStart.slice(0, 10)}</th>
                  <td>{session.hostTime}</td>
                  <td>{session.citiesOutside.length ? session.citiesOutside.join(', ') : t('rotation.noneOutside')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <ApplyPlanForm cohort={cohort} starts={rotation.sessions.map((session) => session.hostLocalStart)} duration={plan.durationMinutes} buttonLabel={t('rotation.apply', { count: total })} />
    </section>
  );
}
