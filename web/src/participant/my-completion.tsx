import { api } from '../api/client.ts';
import type { Completion } from '../api/types.ts';
import { useLoad } from '../api/use-load.ts';
import { CompletionNeeds, CompletionStatusTag } from '../completion/completion-words.tsx';
import { ErrorMessage } from '../components/feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function MyCertificate({ certificate }: { certificate: NonNullable<Completion['certificate']> }) {
  const { t } = useI18n();
  const number = encodeURIComponent(certificate.number);
  if (certificate.status === 'revoked') {
    return <p className="notice notice-error">{t('myCertificate.revoked', { number: certificate.number })}</p>;
  }
  return (
    <div className="my-certificate">
      <p>
        {t('myCertificate.issued')} <span className="mono">{certificate.number}</span>
      </p>
      <p className="inline-form">
        <a href={`/api/certificates/${number}/pdf`} download className="button button-primary" data-download="pdf">
          {t('myCertificate.pdf')}
        </a>
        <a href={`/api/certificates/${number}/credential`} download className="button" data-download="credential">
          {t('myCertificate.credential')}
        </a>
      </p>
      <p className="muted small">{t('myCertificate.credentialHelp')}</p>
      <p>
        <a href={`/verify/${number}`}>{t('myCertificate.verifyLink')}</a>
      </p>
    </div>
  );
}

/** The reader's own completion in one programme (the API answers a participant with their row only), and the certificate once issued. */
export function MyCompletion({ cohortId, sessionTitle }: { cohortId: string; sessionTitle: (id: string) => string }) {
  const { t } = useI18n();
  const completion = useLoad(() => api.get<{ items: Completion[] }>(`/api/cohorts/${cohortId}/completion`), [cohortId]);
  const mine = completion.data?.items[0];
  return (
    <div className="my-completion" data-status={mine?.status}>
      <ErrorMessage error={completion.error} />
      {mine && (
        <>
          <p>
            {t('myCompletion.status')} <CompletionStatusTag status={mine.status} />
          </p>
          <p>
            <CompletionNeeds row={mine} sessionTitle={sessionTitle} />
          </p>
          {mine.certificate && <MyCertificate certificate={mine.certificate} />}
        </>
      )}
    </div>
  );
}
