import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { ProgrammeView } from '../api/types.ts';
import { useInlineForm } from '../components/use-inline-form.ts';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { ArchiveButton } from './archive-confirmation.tsx';
import { ProgrammeForm } from './programme-form.tsx';

function ProgrammeRow({ programme, onChanged }: { programme: ProgrammeView; onChanged: (notice: string) => void }) {
  const { t } = useI18n();
  const editing = useInlineForm();
  const saved = (result: ProgrammeView | undefined) => {
    editing.close();
    if (result) onChanged(t('programmes.saved', { title: result.title }));
  };
  return (
    <>
      <tr data-programme-id={programme.id}>
        <th scope="row">{programme.title}</th>
        <td>{t(`theme.${programme.theme}` as MessageKey)}</td>
        <td>{programme.partnerOrganisation ?? '—'}</td>
        <td>{programme.modules.length}</td>
        <td>
          <div className="row-actions">
            <button type="button" ref={editing.trigger} aria-expanded={editing.isOpen} onClick={editing.open} aria-label={t('programmes.editOf', { title: programme.title })}>
              {t('sessions.edit')}
            </button>
            <ArchiveButton
              label={t('programmes.archive')}
              question={t('programmes.archiveQuestion', { title: programme.title })}
              onArchive={async () => {
                await api.post(`/api/programmes/${programme.id}/archive`);
                onChanged(t('programmes.archived', { title: programme.title }));
              }}
            />
          </div>
        </td>
      </tr>
      {editing.isOpen && (
        <tr className="row-form">
          <td colSpan={5}>
            <ProgrammeForm programme={programme} onSaved={saved} onClose={editing.close} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The centre's active programmes, each editable in place; archived ones leave the list (they keep their history). */
export function ProgrammesSection({ programmes, onChanged }: { programmes: ProgrammeView[]; onChanged: () => void }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<string>();
  const noticeRef = useRef<HTMLDivElement>(null);
  const changed = (text: string) => {
    setNotice(text);
    onChanged();
  };
  // An archived programme's row, and the button that had the focus, are gone after the reload: the notice takes it.
  useEffect(() => {
    const active = document.activeElement;
    if (notice && (!active || active === document.body)) noticeRef.current?.focus();
  }, [notice, programmes]);
  return (
    <section aria-labelledby="programmes-heading">
      <h2 id="programmes-heading">{t('programmes.title')}</h2>
      <div aria-live="polite" ref={noticeRef} tabIndex={-1} className="status-region">
        {notice && <p className="notice notice-ok">{notice}</p>}
      </div>
      {programmes.length === 0 ? (
        <p>{t('programmes.none')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('programmes.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('programmes.name')}</th>
                <th scope="col">{t('programmes.theme')}</th>
                <th scope="col">{t('programmes.partner')}</th>
                <th scope="col">{t('programmes.modules')}</th>
                <th scope="col">{t('sessions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((programme) => (
                <ProgrammeRow key={programme.id} programme={programme} onChanged={changed} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
