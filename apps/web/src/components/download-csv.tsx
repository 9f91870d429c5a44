/** A plain link, so the browser itself saves the file the API streams. */
export function DownloadCsv({ href }: { href: string }) {
  return (
    <a class="download-csv" href={href} download>
      Download CSV
    </a>
  );
}
