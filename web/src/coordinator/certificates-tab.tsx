import { useCallback, useState } from 'react';
import { api } from '../api/client.ts';
import type { Certificate, CohortCertificates, CohortView, Completion } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { ErrorMessage, Loading } from '../components/feedback.tsx';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { browserTimeZone, formatDate } from '../time/format.ts';
import { ReissueForm, RevokeForm } from './certificate-actions.tsx';
import { IssuancePanel } from './issuance-panel.tsx';
import { useIssuanceRun } from './use-issuance-run.ts';

type Open = { number: string; action: 'revoke' | 'reissue' } | undefined;

function CertificateState({ certificate }: { certificate: Certificate }) {
  const { t, locale } = useI18n();
  const timeZone = browserTimeZone();
  return (
    <>
      <span className={`tag tag-certificate-${certificate.status}`} data-status={certificate.status}>
        {t(`certificates.status.${certificate.status}` as MessageKey)}
      </span>
      {certificate.revoked && <span className="muted">{t('certificates.revokedOn', { date: formatDate(certificate.revoked.at, timeZone, locale), reason: certificate.revoked.reason ?? '' })}</span>}
      {certificate.replacedBy && (
        <span className="muted">
          {t('certificates.replacedBy')} <a href={`/verify/${encodeURIComponent(certificate.replacedBy)}`} className="mono">{certificate.replacedBy}</a>
        </span>
      )}
    </>
  );
}

function CertificateRow({ certificate, open, onOpen, onChanged }: { certificate: Certificate; open: Open; onOpen: (open: Open) => void; onChanged: (notice: string) => void }) {
  const { t, locale } = useI18n();
  const number = encodeURIComponent(certificate.number);
  const shown = open?.number === certificate.number ? open.action : undefined;
  return (
    <tr data-number={certificate.number} data-status={certificate.status}>
      <th scope="row">
        {certificate.name.native && (
          <span dir="auto" className="native-name">
            {certificate.name.native}
            <br />
          </span>
        )}
        {certificate.name.latin}
      </th>
      <td className="mono nowrap">{certificate.number}</td>
      <td>
        <CertificateState certificate={certificate} />
      </td>
      <td>
        {formatDate(certificate.issuedAt, browserTimeZone(), locale)}
        <br />
        <span className="muted">{t('certificates.hours', { hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(certificate.hoursAttended) })}</span>
      </td>
      <td>
        <ul className="plain certificate-links">
          <li>
            <a href={`/verify/${number}`} aria-label={t('certificates.verifyPageOf', { number: certificate.number })}>
              {t('certificates.verifyPage')}
            </a>
          </li>
          <li>
            <a href={`/api/certificates/${number}/pdf`} download aria-label={t('certificates.pdfOf', { number: certificate.number })}>
              {t('certificates.pdf')}
            </a>
          </li>
        </ul>
        {certificate.status === 'valid' && !shown && (
          <div className="inline-form">
            <button type="button" className="button-danger" onClick={() => onOpen({ number: certificate.number, action: 'revoke' })} aria-label={t('certificates.revokeOf', { name: certificate.name.latin })}>
              {t('certificates.revoke')}
            </button>
            <button type="button" onClick={() => onOpen({ number: certificate.number, action: 'reissue' })} aria-label={t('certificates.correctOf', { name: certificate.name.latin })}>
              {t('certificates.correct')}
            </button>
          </div>
        )}
        {shown === 'revoke' && <RevokeForm certificate={certificate} onCancel={() => onOpen(undefined)} onDone={(revoked) => onChanged(t('certificates.revokedNotice', { number: revoked.number }))} />}
        {shown === 'reissue' && <ReissueForm certificate={certificate} onCancel={() => onOpen(undefined)} onDone={({ replaced, current }) => onChanged(t('certificates.reissuedNotice', { old: replaced.number, current: current.number }))} />}
      </td>
    </tr>
  );
}

/** Issue for the cohort with live progress; every certificate with its state, verification link, revocation and correction. */
export function CertificatesTab({ cohort }: { cohort: CohortView }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const certificates = useLoad(() => api.get<CohortCertificates>(`/api/cohorts/${cohort.id}/certificates`), [cohort.id, version]);
  const completion = useLoad(() => api.get<{ items: Completion[] }>(`/api/cohorts/${cohort.id}/completion`), [cohort.id, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const issuance = useIssuanceRun(cohort.id, certificates.data?.latestRun, reload);
  const [open, setOpen] = useState<Open>();
  const [notice, setNotice] = useState<string>();
  const changed = (text: string) => {
    setOpen(undefined);
    setNotice(text);
    reload();
  };
  const items = certificates.data?.items ?? [];
  return (
    <>
      <ErrorMessage error={completion.error} />
      {completion.data && <IssuancePanel run={issuance.run} error={issuance.error} onStart={() => void issuance.start()} people={completion.data.items} />}
      <section aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">{t('certificates.title')}</h2>
        <div aria-live="polite">{notice && <p className="notice notice-ok">{notice}</p>}</div>
        <ErrorMessage error={certificates.error} />
        {certificates.loading && !certificates.data && <Loading />}
        {certificates.data && items.length === 0 && <p>{t('certificates.none')}</p>}
        {items.length > 0 && (
          <div className="table-scroll">
            <table className="certificates-table">
              <caption className="visually-hidden">{t('certificates.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roster.name')}</th>
                  <th scope="col">{t('certificates.number')}</th>
                  <th scope="col">{t('completion.status')}</th>
                  <th scope="col">{t('certificates.issued')}</th>
                  <th scope="col">{t('sessions.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((certificate) => (
                  <CertificateRow key={certificate.number} certificate={certificate} open={open} onOpen={setOpen} onChanged={changed} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
