// Checks GeoJSON files with @placemarkio/check-geojson: prints each issue
// and exits 1 if there is any. Used by the Go interop tests.
import { readFile } from 'node:fs/promises';
import { getIssues } from '@placemarkio/check-geojson';

let bad = 0;
for (const file of process.argv.slice(2)) {
  const issues = getIssues(await readFile(file, 'utf8'));
  for (const issue of issues) {
    console.log(`${file}: ${issue.from}-${issue.to}: ${issue.message}`);
  }
  bad += issues.length;
}
process.exit(bad > 0 ? 1 : 0);
