/** Writing a practice note, or changing one: the form is components/note-form. */
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { noteQuery } from '../api/queries';
import { NoteForm } from '../components/note-form/NoteForm';
import { usePageTitle } from '../lib/usePageTitle';
import { useUser } from '../session';

const editRoute = getRouteApi('/signed-in/notes/$id/edit');

function OnlySubmitters() {
  return (
    <p className="govuk-body">
      Only your authority's submitters write practice notes.{' '}
      <Link to="/notes" className="govuk-link">
        Read the practice notes
      </Link>
      .
    </p>
  );
}

/** A new note of the user's authority. */
export function NoteNewPage() {
  const user = useUser();
  const canWrite = user.role === 'authority_submitter';
  // The form sets the title itself, with "Error: " while it shows errors.
  usePageTitle('Write a practice note', { enabled: !canWrite });
  const header = (
    <>
      <span className="govuk-caption-l">{user.authorityName}</span>
      <h1 className="govuk-heading-l">Write a practice note</h1>
    </>
  );
  if (!canWrite) {
    return (
      <>
        {header}
        <OnlySubmitters />
      </>
    );
  }
  return <NoteForm note={null} title="Write a practice note" header={header} />;
}

/** A change of a note. */
export function NoteEditPage() {
  const { id } = editRoute.useParams();
  const note = useSuspenseQuery(noteQuery(id)).data;
  const title = `Edit: ${note.title}`;
  usePageTitle(title, { enabled: !note.can.edit });
  const header = (
    <>
      <span className="govuk-caption-l">{note.authority.name}</span>
      <h1 className="govuk-heading-l">Edit the practice note</h1>
    </>
  );
  if (!note.can.edit) {
    return (
      <>
        {header}
        <OnlySubmitters />
      </>
    );
  }
  return <NoteForm note={note} title={title} header={header} />;
}
