/**
 * Static data downloads, built with the site (no server): for every result file in precomputed/ (not manifest.json),
 * data/<experiment>.json (the whole validated result, provenance included) and data/<experiment>/<artifact>.json|.csv.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { listExperiments, loadResult } from '../../site/precomputed';
import { artifactCsv } from '../../site/csv';
import { serializeResult } from '../../lib/schema';

export const getStaticPaths: GetStaticPaths = () =>
  listExperiments().flatMap((id) => {
    const result = loadResult(id);
    return [
      { params: { path: `${id}.json` }, props: { body: serializeResult(result), type: 'application/json' } },
      ...result.artifacts.flatMap((a) => [
        { params: { path: `${id}/${a.id}.json` }, props: { body: JSON.stringify({ experiment: id, provenance: result.provenance, model: result.model, artifact: a }) + '\n', type: 'application/json' } },
        { params: { path: `${id}/${a.id}.csv` }, props: { body: artifactCsv(a), type: 'text/csv' } },
      ]),
    ];
  });

export const GET: APIRoute = ({ props }) => new Response(props.body as string, { headers: { 'content-type': props.type as string } });
