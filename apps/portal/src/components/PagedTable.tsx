/** A page of a long administration list: how many there are, the table of this page, and links to the others. */
import type { ReactNode } from 'react';
import { type DataRow, DataTable } from './DataTable';
import { Pagination, showing } from './Pagination';
import type { Column } from './TableHead';

interface PagedTableProps<T> {
  readonly list: {
    readonly items: readonly T[];
    readonly total: number;
    readonly page: number;
    readonly pageSize: number;
  };
  /** What the rows are, one and many: ['user', 'users']. */
  readonly noun: readonly [string, string];
  readonly id: string;
  readonly caption: ReactNode;
  readonly columns: readonly Column[];
  readonly row: (item: T) => DataRow;
}

export function PagedTable<T>({ list, noun, id, caption, columns, row }: PagedTableProps<T>) {
  return (
    <>
      <p className="govuk-body" role="status">
        {showing(list.page, list.pageSize, list.total, list.total === 1 ? noun[0] : noun[1])}
      </p>
      {list.items.length > 0 ? (
        <DataTable
          id={id}
          caption={caption}
          captionClassName="govuk-visually-hidden"
          columns={columns}
          rows={list.items.map(row)}
        />
      ) : null}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} />
    </>
  );
}
