/** The draft of the note form and its changes: text fields, themes, and the linked metrics added, changed or removed. */
import { METRIC_IDS } from '@csc-workforce/metrics-core';
import type { Note } from '@csc-workforce/schemas';
import { useState } from 'react';
import { type Draft, type DraftTextField, draftOf, type LinkDraft } from './draft';

export interface NoteDraft {
  readonly draft: Draft;
  setText(field: DraftTextField, value: string): void;
  setThemes(themes: readonly string[]): void;
  /** Links the first metric not linked yet, from `from` to the latest quarter. */
  addLink(from: string): void;
  changeLink(key: number, change: Partial<Omit<LinkDraft, 'key'>>): void;
  removeLink(key: number): void;
}

export function useNoteDraft(note: Note | null, authorName: string): NoteDraft {
  const [draft, setDraft] = useState<Draft>(() => draftOf(note, authorName));
  const [nextKey, setNextKey] = useState(draft.metrics.length);
  const setLinks = (change: (links: readonly LinkDraft[]) => readonly LinkDraft[]) =>
    setDraft((d) => ({ ...d, metrics: change(d.metrics) }));
  return {
    draft,
    setText: (field, value) => setDraft((d) => ({ ...d, [field]: value })),
    setThemes: (themes) => setDraft((d) => ({ ...d, themes })),
    addLink: (from) => {
      setLinks((links) => [
        ...links,
        {
          key: nextKey,
          metric: METRIC_IDS.find((m) => !links.some((l) => l.metric === m)) ?? 'turnoverRate',
          from,
          to: '',
        },
      ]);
      setNextKey((k) => k + 1);
    },
    changeLink: (key, change) => setLinks((links) => links.map((m) => (m.key === key ? { ...m, ...change } : m))),
    removeLink: (key) => setLinks((links) => links.filter((m) => m.key !== key)),
  };
}
