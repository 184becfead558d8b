import styles from '@/components/dashboard/dashboard.module.css';
import { NewDocumentButton } from '@/components/dashboard/new-document-button';

export default function DashboardPage() {
  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.brand}>Tandem</h1>
        <NewDocumentButton />
      </header>
    </main>
  );
}
