import { DocumentNotFound } from '@/components/editor/document-not-found';
import '../../editor.css';

export default function NotFound() {
  return <DocumentNotFound />;
}
