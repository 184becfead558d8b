import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ProfileForm } from '@/components/account/profile-form';
import { defaultColorFor } from '@/components/presence/use-identity';
import { requirePageUser } from '@/lib/auth/page-session';

export const metadata: Metadata = { title: 'Profile · Tandem' };

export default async function ProfilePage() {
  await connection();
  const user = await requirePageUser('/profile');
  return <ProfileForm name={user.name} email={user.email} color={user.color ?? defaultColorFor(user.id)} />;
}
