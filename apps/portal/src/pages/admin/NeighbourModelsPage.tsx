/**
 * /admin/neighbours (admins): DfE's statistical-neighbour models loaded, the one in force marked, with
 * a way to put another in force (after a confirmation, audited); and a form to load a newer model: the
 * file is checked first, in the GOV.UK "check answers" style (the authorities it matches and lacks, its
 * LA numbers no authority has, the authorities whose neighbours change), then loaded, not yet in force.
 * A refused file lists every problem by row and column.
 */
import type { NeighbourModelEntry, NeighbourModelPreview } from '@csc-workforce/schemas';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { apiRequest, uploadFile } from '../../api/client';
import { neighbourModelsQuery, queryKeys } from '../../api/queries';
import { DataTable } from '../../components/DataTable';
import { csvFileError, FileLoadOutcome, fileFailureOf, useFileLoad } from '../../components/FileLoad';
import { FileField, TextField } from '../../components/FormFields';
import { RowErrorsTable } from '../../components/RowErrorsTable';
import { SummaryList } from '../../components/SummaryList';
import { WarningText } from '../../components/WarningText';
import { formatDateTime, plural } from '../../lib/text';
import { usePageTitle } from '../../lib/usePageTitle';

/** A file checked, its name, and what putting it in force would change. */
interface Check {
  readonly file: File;
  readonly name: string;
  readonly preview: NeighbourModelPreview;
}

/** How many authorities whose neighbours change the check lists (the rest are counted). */
const LISTED_CHANGES = 50;

export function NeighbourModelsPage() {
  const models = useSuspenseQuery(neighbourModelsQuery()).data;
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const { failure, setFailure, refuse, done, setDone, attempts } = useFileLoad();
  const [check, setCheck] = useState<Check | null>(null);
  usePageTitle(check ? 'Check the model' : 'Statistical neighbours', { error: failure !== null });
  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.neighboursAll }),
      queryClient.invalidateQueries({ queryKey: queryKeys.comparisons }),
    ]);
  const preview = useMutation({
    mutationFn: (file: File) => uploadFile<NeighbourModelPreview>('/api/neighbours/models/preview', file),
  });
  const load = useMutation({
    mutationFn: ({ file, name }: { file: File; name: string }) =>
      uploadFile<NeighbourModelEntry>('/api/neighbours/models', file, undefined, { name }),
    onSuccess: invalidate,
  });
  const choose = useMutation({
    mutationFn: (id: string) =>
      apiRequest<NeighbourModelEntry>(`/api/neighbours/models/${encodeURIComponent(id)}/choose`, { method: 'POST' }),
    onSuccess: invalidate,
  });

  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (preview.isPending) return;
    const file = input.current?.files?.[0];
    setDone(null);
    if (!name.trim()) {
      refuse({ kind: 'field', message: 'Enter a name for the model', href: '#model-name' });
      return;
    }
    const invalid = csvFileError(file);
    if (!file || invalid) {
      refuse({ kind: 'field', message: invalid ?? 'Select a CSV file', href: '#model-file' });
      return;
    }
    setFailure(null);
    preview.mutate(file, {
      onSuccess: (answer) => setCheck({ file, name: name.trim(), preview: answer }),
      onError: (error) => refuse(fileFailureOf(error, file.name, '#model-file', true)),
    });
  };

  const onLoad = () => {
    if (!check || load.isPending) return;
    load.mutate(
      { file: check.file, name: check.name },
      {
        onSuccess: (model) => {
          setDone({
            key: `loaded-${model.id}`,
            text: check.preview.loadedAlready
              ? `This file was loaded before as ${model.name}: nothing changed.`
              : `Loaded ${model.name}. It is not in force yet: put it in force below when you are ready.`,
          });
          setFailure(null);
          setCheck(null);
          setName('');
        },
        onError: (error) => {
          setCheck(null);
          refuse(fileFailureOf(error, check.file.name, '#model-file', true));
        },
      },
    );
  };

  const onChoose = (model: NeighbourModelEntry, onSettled: () => void) => {
    if (choose.isPending) return;
    setDone(null);
    choose.mutate(model.id, {
      onSuccess: (chosen) => {
        setFailure(null);
        setDone({
          key: `chosen-${chosen.id}`,
          text: `${chosen.name} is in force: authorities' neighbours, their named page and their group in the comparisons come from it now.`,
        });
      },
      onError: (error) => refuse(fileFailureOf(error, '', '#models-caption', true)),
      onSettled,
    });
  };

  return (
    <>
      <FileLoadOutcome failure={failure} done={done} attempts={attempts} />
      <h1 className="govuk-heading-l">Statistical neighbours</h1>
      {check ? (
        <CheckModel
          check={check}
          busy={load.isPending}
          onLoad={onLoad}
          onCancel={() => {
            setCheck(null);
            if (input.current) input.current.value = '';
          }}
        />
      ) : (
        <>
          <p className="govuk-body">
            The Department for Education's statistical-neighbour models: for each authority, the 10 authorities most
            like it. The model in force names each authority's neighbours on its neighbours' page and makes its
            neighbours' group in the comparisons. A model is loaded first, then put in force when you choose it.
          </p>
          <ModelsTable models={models} busy={choose.isPending} onChoose={onChoose} />
          <h2 className="govuk-heading-m">Load a model</h2>
          <p className="govuk-body">
            DfE's file as published (CSV): a column of LA numbers, such as "LA num" or "old_la_code", and the neighbours
            in SN1 … SN10 (or SN_1 … SN_10), each with its closeness after it. You can check what it would change before
            it is loaded.
          </p>
          <form onSubmit={onCheck} noValidate>
            <TextField
              id="model-name"
              name="name"
              label="Name of the model"
              hint="As people will read it, such as Statistical neighbours, 2025"
              width="govuk-!-width-two-thirds"
              maxLength={200}
              value={name}
              onChange={setName}
              error={failure?.kind === 'field' && failure.href === '#model-name' ? failure.message : undefined}
            />
            <FileField
              id="model-file"
              name="file"
              label="DfE's statistical-neighbour file (CSV, up to 5 MB)"
              size="s"
              accept=".csv,text/csv"
              inputRef={input}
              error={failure?.kind === 'field' && failure.href === '#model-file' ? failure.message : undefined}
            />
            <button
              type="submit"
              className="govuk-button"
              disabled={preview.isPending}
              aria-disabled={preview.isPending}
            >
              {preview.isPending ? 'Checking…' : 'Check the file'}
            </button>
          </form>
          {failure?.kind === 'rows' ? <RowErrorsTable fileName={failure.fileName} errors={failure.errors} /> : null}
        </>
      )}
    </>
  );
}

/** The models loaded, newest first, the one in force marked; another can be put in force after a confirmation. */
function ModelsTable({
  models,
  busy,
  onChoose,
}: {
  readonly models: readonly NeighbourModelEntry[];
  readonly busy: boolean;
  readonly onChoose: (model: NeighbourModelEntry, onSettled: () => void) => void;
}) {
  const [confirming, setConfirming] = useState<NeighbourModelEntry | null>(null);
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const inForce = models.find((m) => m.inForce);
  return (
    <>
      <DataTable
        id="models-caption"
        caption="Models loaded, newest first"
        captionClassName="govuk-table__caption--m"
        columns={['Model', { label: 'Authorities', numeric: true }, 'Loaded', 'Status', 'Action']}
        rows={models.map((m) => ({
          key: m.id,
          header: <span className="app-break-words">{m.name}</span>,
          cells: [
            m.rows.toLocaleString('en-GB'),
            `${formatDateTime(m.loadedAt)}${m.loadedByName ? ` by ${m.loadedByName}` : ' (on first start)'}`,
            m.inForce ? (
              <strong key="status" className="govuk-tag govuk-tag--green">
                In force
              </strong>
            ) : (
              <strong key="status" className="govuk-tag govuk-tag--grey">
                Not in force
              </strong>
            ),
            m.inForce ? (
              ''
            ) : (
              <button
                key="choose"
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                disabled={busy}
                onClick={() => setConfirming(m)}
              >
                Put in force<span className="govuk-visually-hidden"> {m.name}</span>
              </button>
            ),
          ],
        }))}
      />
      {confirming ? (
        <div>
          <h3 className="govuk-heading-s" ref={question} tabIndex={-1}>
            Put {confirming.name} in force?
          </h3>
          <WarningText>
            {`It replaces ${inForce ? inForce.name : 'the model in force'} at once: every authority's neighbours, on their page and as a group in the comparisons, come from it. You can put the other back in the same way.`}
          </WarningText>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button"
              disabled={busy}
              onClick={() => onChoose(confirming, () => setConfirming(null))}
            >
              Yes, put it in force
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              disabled={busy}
              onClick={() => setConfirming(null)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

/** A neighbour's names, or "none". */
const namesText = (names: readonly string[]) => (names.length > 0 ? names.join(', ') : 'None');

/** A check of a model before it is loaded, in the GOV.UK "check answers" style. */
function CheckModel({
  check,
  busy,
  onLoad,
  onCancel,
}: {
  readonly check: Check;
  readonly busy: boolean;
  readonly onLoad: () => void;
  readonly onCancel: () => void;
}) {
  const { preview, file } = check;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const listed = preview.changes.slice(0, LISTED_CHANGES);
  return (
    <>
      <h2 className="govuk-heading-m" ref={heading} tabIndex={-1}>
        Check the model before you load it
      </h2>
      {preview.loadedAlready ? (
        <div className="govuk-inset-text">
          This file was loaded before as {preview.loadedAlready.name}: loading it again would change nothing.
        </div>
      ) : null}
      <SummaryList
        valueClassName="app-break-words"
        rows={[
          ['Name', check.name],
          ['File', file.name],
          ['Rows', `${plural(preview.rows, 'authority', 'authorities')}, ${plural(preview.pairs, 'neighbour')}`],
          ['Authorities of the exchange it matches', String(preview.matched)],
          [
            'Authorities it lacks',
            preview.unmatchedAuthorities.length > 0
              ? preview.unmatchedAuthorities.map((a) => `${a.name} (${a.code})`).join(', ')
              : 'None: every active authority has a row',
          ],
          [
            'LA numbers no authority has',
            preview.unmatchedLaNumbers.length > 0 ? preview.unmatchedLaNumbers.join(', ') : 'None',
          ],
          [
            `Against the model in force${preview.inForce ? ` (${preview.inForce.name})` : ''}`,
            preview.changes.length > 0
              ? `${plural(preview.changes.length, 'authority', 'authorities')} would have other neighbours`
              : 'No authority’s neighbours would change',
          ],
        ]}
      />
      {preview.fewerThanK > 0 ? (
        <WarningText>
          {`${plural(preview.fewerThanK, 'authority', 'authorities')} would gain or lose fewer than ${preview.minGroupSize} neighbours: someone who saw their neighbours' group before and after the change could compare the two. Put the model in force when a new quarter is released, not in the middle of one.`}
        </WarningText>
      ) : null}
      {listed.length > 0 ? (
        <DataTable
          id="changes-caption"
          caption={
            preview.changes.length > listed.length
              ? `Authorities whose neighbours would change (the first ${listed.length} of ${preview.changes.length})`
              : 'Authorities whose neighbours would change'
          }
          columns={['Authority', 'Neighbours gained', 'Neighbours lost']}
          rows={listed.map((c) => ({
            key: c.code,
            header: c.name,
            cells: c.reordered ? ['The same, in another order', ''] : [namesText(c.added), namesText(c.removed)],
          }))}
        />
      ) : null}
      <div className="govuk-button-group">
        <button type="button" className="govuk-button" disabled={busy} aria-disabled={busy} onClick={onLoad}>
          {busy ? 'Loading…' : 'Load the model'}
        </button>
        <button type="button" className="govuk-link app-link-button govuk-body" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}
