'use client';

import { useState } from 'react';
import type { DocumentSummary, PersonSummary } from '@/lib/permissions/store';
import styles from './account.module.css';

type AdminUser = PersonSummary & { role: string; createdAt: string };

/** The admin page: every account and every document (titles and owners), with transfer and delete. */
export function AdminPanel({ users, documents }: { users: AdminUser[]; documents: DocumentSummary[] }) {
  const [docs, setDocs] = useState(documents);
  const [error, setError] = useState<string | null>(null);

  async function transfer(id: string, email: string) {
    setError(null);
    const response = await fetch(`/api/admin/docs/${encodeURIComponent(id)}/owner`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (!response.ok) return setError('Could not transfer the document.');
    const owner = users.find((user) => user.email === email);
    setDocs((list) =>
      list.map((doc) => (doc.id === id ? { ...doc, ownerId: owner?.id ?? null, ownerName: owner?.name ?? null } : doc)),
    );
  }

  async function remove(id: string) {
    setError(null);
    const response = await fetch(`/api/docs/${encodeURIComponent(id)}`, { method: 'DELETE' });
    if (!response.ok) return setError('Could not delete the document.');
    setDocs((list) => list.filter((doc) => doc.id !== id));
  }

  return (
    <main className={styles.page}>
      <section className={`${styles.card} ${styles.wide}`}>
        <h1 className={styles.title}>Administration</h1>
        <a href="/">Back to your documents</a>
        <h2>People</h2>
        <table className={styles.table} data-testid="admin-users">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{user.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Documents</h2>
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <table className={styles.table} data-testid="admin-documents">
          <thead>
            <tr>
              <th>Title</th>
              <th>Owner</th>
              <th>Transfer to</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {docs.map((doc) => (
              <tr key={doc.id} data-id={doc.id}>
                <td>{doc.title || 'Untitled document'}</td>
                <td>{doc.ownerName ?? '—'}</td>
                <td>
                  <select
                    aria-label={`New owner of ${doc.title || 'Untitled document'}`}
                    value=""
                    onChange={(event) => event.target.value && transfer(doc.id, event.target.value)}
                  >
                    <option value="">Choose…</option>
                    {users
                      .filter((user) => user.id !== doc.ownerId)
                      .map((user) => (
                        <option key={user.id} value={user.email}>
                          {user.name}
                        </option>
                      ))}
                  </select>
                </td>
                <td>
                  <button type="button" className={styles.secondary} onClick={() => remove(doc.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
