import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ProfileForm } from '@/components/account/profile-form';
import { defaultColorFor } from '@/components/presence/use-identity';
import { requirePageUser } from '@/lib/auth/page-session';

/** Checked here as well as in the page, so a 401 is decided before anything streams (the status is sent with the head). */
export async function generateMetadata(): Promise<Metadata> {
  await requirePageUser('/profile');
  return { title: 'Profile · Tandem' };
}

export default async function ProfilePage() {
  const user = await requirePageUser('/profile');
  await connection();
  return <ProfileForm name={user.name} email={user.email} color={user.color ?? defaultColorFor(user.id)} />;
}
