import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { fieldProblems } from '../api/field-problems.ts';
import type { Certificate } from '../api/types.ts';
import { ErrorMessage } from '../components/feedback.tsx';
import { Field } from '../components/field.tsx';
import { useI18n } from '../i18n/i18n.tsx';

// The form replaces the button that opened it, so it takes the focus (keyboard users would otherwise start again from the top).

/** Revocation is final: the reason is asked first, then a second, explicit confirmation. */
export function RevokeForm({ certificate, onDone, onCancel }: { certificate: Certificate; onDone: (revoked: Certificate) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setError(undefined);
    try {
      onDone(await api.post<Certificate>(`/api/certificates/${encodeURIComponent(certificate.number)}/revoke`, { reason: reason.trim() }));
    } catch (failure) {
      setConfirming(false);
      setError(failure);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="stack confirm">
      <Field label={t('certificates.revokeReason')} autoFocus value={reason} required minLength={3} maxLength={500} readOnly={confirming} placeholder={t('certificates.revokeExample')} onChange={(event) => setReason(event.target.value)} problem={problems.get('reason')} />
      {confirming && <p role="alert">{t('certificates.revokeConfirmText', { number: certificate.number, name: certificate.name.latin })}</p>}
      <div className="inline-form">
        <button type="submit" className="button-danger">
          {confirming ? t('certificates.revokeConfirm') : t('certificates.revoke')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

/** A corrected name: a new certificate is issued and the old number verifies as replaced by it. */
export function ReissueForm({ certificate, onDone, onCancel }: { certificate: Certificate; onDone: (result: { replaced: Certificate; current: Certificate }) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [latin, setLatin] = useState(certificate.name.latin);
  const [native, setNative] = useState(certificate.name.native ?? '');
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const body = {
      ...(latin.trim() !== certificate.name.latin && { nameLatin: latin.trim() }),
      ...(native.trim() !== (certificate.name.native ?? '') && { nameNative: native.trim() || null }),
    };
    try {
      onDone(await api.post<{ replaced: Certificate; current: Certificate }>(`/api/certificates/${encodeURIComponent(certificate.number)}/reissue`, body));
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="stack" aria-describedby={`${id}-help`}>
      <p id={`${id}-help`} className="muted">
        {t('certificates.correctHelp')}
      </p>
      <Field label={t('certificates.nameLatin')} autoFocus value={latin} required maxLength={200} onChange={(event) => setLatin(event.target.value)} problem={problems.get('nameLatin')} />
      <Field label={t('certificates.nameNative')} value={native} maxLength={200} dir="auto" onChange={(event) => setNative(event.target.value)} problem={problems.get('nameNative')} />
      <div className="inline-form">
        <button type="submit">{t('certificates.reissue')}</button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
