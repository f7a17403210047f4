/** A collection where two papers are called KIVI: the seed corpus plus a made-up namesake, for ambiguous-name tests. */
import { createLibrary, type Library } from '../../../src/index.js';
import { allPapers } from '../../adapters/support.js';

/** The arXiv-style id of the made-up second KIVI. */
export const KIVI_TWIN_ID = '2501.00001';

/** The papers of `library` and a second paper whose title leads with "KIVI:" (about video, not KV caches). */
export function withKiviTwin(library: Library): Library {
  const papers = allPapers(library).map((c) => library.get(c.id)!);
  const kivi = library.get('2402.02750')!;
  const twin = {
    ...kivi,
    id: KIVI_TWIN_ID,
    title: 'KIVI: Keyword-Indexed Video Inspection for Surveillance',
    abstract:
      'We present KIVI, a keyword-indexed video inspection system for surveillance footage. KIVI retrieves frames by spoken keywords.',
    url: `https://arxiv.org/abs/${KIVI_TWIN_ID}`,
    codeUrl: null,
  };
  return createLibrary([...papers, twin]);
}
