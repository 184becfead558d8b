'use client';

import { useEffect, useState } from 'react';
import { AccountForm } from './account-form';

/** The sign-in form in place of a page that needs an account; it comes back to this very page. */
export function SignInHere({ oidc, notice }: { oidc: boolean; notice?: string }) {
  const [next, setNext] = useState('/');
  useEffect(() => setNext(window.location.pathname + window.location.search), []);
  return <AccountForm mode={{ kind: 'sign-in', next, oidc }} notice={notice} />;
}
