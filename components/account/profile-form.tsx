'use client';

import { type FormEvent, useState } from 'react';
import { PALETTE } from '@/components/presence/identity';
import styles from './account.module.css';

/** Display name and colour: what carets, presence and "last edited by" show. */
export function ProfileForm({ name, color, email }: { name: string; color: string; email: string }) {
  const [chosen, setChosen] = useState(color);
  const [status, setStatus] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const response = await fetch('/api/profile', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: String(form.get('name') ?? ''), color: chosen }),
    }).catch(() => null);
    setStatus(response?.ok ? 'Saved.' : 'Could not save. Try again.');
  }

  return (
    <main className={styles.page}>
      <form className={styles.card} onSubmit={save} data-testid="profile-form">
        <h1 className={styles.title}>Your profile</h1>
        <p className={styles.text}>{email}</p>
        <label className={styles.label} htmlFor="profile-name">
          Display name
        </label>
        <input id="profile-name" name="name" className={styles.input} defaultValue={name} required maxLength={40} />
        <fieldset className={styles.swatches}>
          <legend className={styles.label}>Colour of your cursor</legend>
          {PALETTE.map((swatch) => (
            <button
              key={swatch}
              type="button"
              className={styles.swatch}
              style={{ background: swatch }}
              aria-label={swatch}
              aria-pressed={swatch === chosen}
              onClick={() => setChosen(swatch)}
            />
          ))}
        </fieldset>
        <button type="submit" className={styles.button} data-testid="profile-save">
          Save
        </button>
        {status ? (
          <p className={styles.text} role="status">
            {status}
          </p>
        ) : null}
        <a href="/">Back to your documents</a>
      </form>
    </main>
  );
}
