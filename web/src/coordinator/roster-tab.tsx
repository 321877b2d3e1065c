import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, type FieldProblem } from '../api/client.ts';
import type { CohortView, EnrolmentView, Page, RosterResult } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const exampleHeader = 'name,name_native,email,city,country,time_zone,locale,organisation,position,role';

/** Each problem beside the row it names (numbered as a spreadsheet numbers rows: the header is row 1). */
function RowProblems({ csv, problems }: { csv: string; problems: FieldProblem[] }) {
  const { t } = useI18n();
  const lines = csv.split(/\r?\n/);
  const byRow = new Map<number, FieldProblem[]>();
  for (const problem of problems) byRow.set(problem.row ?? 0, [...(byRow.get(problem.row ?? 0) ?? []), problem]);
  return (
    <div className="table-scroll">
      <table className="row-problems">
        <caption>{t('roster.problemsCaption', { count: problems.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('roster.row')}</th>
            <th scope="col">{t('roster.content')}</th>
            <th scope="col">{t('roster.column')}</th>
            <th scope="col">{t('roster.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {[...byRow].flatMap(([row, rowProblems]) =>
            rowProblems.map((problem, index) => (
              <tr key={`${row}-${index}`} data-row={row}>
                {index === 0 && (
                  <>
                    <th scope="row" rowSpan={rowProblems.length}>
                      {row || '—'}
                    </th>
                    <td rowSpan={rowProblems.length}>
                      <code>{row > 0 ? (lines[row - 1] ?? '') : ''}</code>
                    </td>
                  </>
                )}
                <td>{problem.field}</td>
                <td>{problem.message}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Enrolled({ cohortId, version }: { cohortId: string; version: number }) {
  const { t } = useI18n();
  const list = useLoad(() => api.get<Page<EnrolmentView>>(`/api/cohorts/${cohortId}/enrolments?limit=200`), [cohortId, version]);
  if (!list.data) return null;
  return (
    <section aria-labelledby="enrolled-heading">
      <h2 id="enrolled-heading">{t('roster.enrolled', { count: list.data.total })}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('roster.name')}</th>
              <th scope="col">{t('roster.city')}</th>
              <th scope="col">{t('roster.zone')}</th>
              <th scope="col">{t('roster.role')}</th>
              <th scope="col">{t('cohorts.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((enrolment) => (
              <tr key={enrolment.id}>
                <th scope="row">{enrolment.person.nameLatin}</th>
                <td>{enrolment.person.city}</td>
                <td>{enrolment.person.timeZone}</td>
                <td>{enrolment.role}</td>
                <td>{enrolment.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function RosterTab({ cohort, onImported }: { cohort: CohortView; onImported: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<RosterResult>();
  const [problems, setProblems] = useState<{ csv: string; list: FieldProblem[] }>();
  const [error, setError] = useState<unknown>();
  const [version, setVersion] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    setProblems(undefined);
    setError(undefined);
    try {
      setResult(await api.postCsv<RosterResult>(`/api/cohorts/${cohort.id}/roster`, csv));
      setVersion((v) => v + 1);
      onImported();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.errors?.length) setProblems({ csv, list: failure.problem.errors });
      setError(failure);
    }
  };

  return (
    <>
      <section aria-labelledby="roster-heading" className="card">
        <h2 id="roster-heading">{t('roster.import')}</h2>
        <p>{t('roster.help')}</p>
        <form onSubmit={(event) => void submit(event)} className="stack">
          <label htmlFor={`${id}-file`}>{t('roster.file')}</label>
          <input id={`${id}-file`} type="file" accept=".csv,text/csv" onChange={(event) => void event.target.files?.[0]?.text().then(setCsv)} />
          <label htmlFor={`${id}-csv`}>{t('roster.paste')}</label>
          <textarea id={`${id}-csv`} rows={8} value={csv} placeholder={exampleHeader} onChange={(event) => setCsv(event.target.value)} spellCheck={false} className="mono" />
          <button type="submit" disabled={!csv.trim()}>
            {t('roster.submit')}
          </button>
        </form>
        <div aria-live="polite">
          {result && (
            <p className="notice notice-ok" role="status">
              {t('roster.imported', { rows: result.rows, created: result.peopleCreated, enrolled: result.enrolmentsCreated })}
            </p>
          )}
          {result?.canonicalisedZones.map((zone) => (
            <p key={zone.row} className="muted">
              {t('roster.zoneRenamed', { row: zone.row, from: zone.from, to: zone.to })}
            </p>
          ))}
          <ErrorMessage error={error} />
        </div>
        {problems && <RowProblems csv={problems.csv} problems={problems.list} />}
      </section>
      <Enrolled cohortId={cohort.id} version={version} />
    </>
  );
}
