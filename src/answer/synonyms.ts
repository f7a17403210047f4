import { analyze } from '../retrieval/analyzer.js';

/**
 * Words people type in chat and the words abstracts use for the same thing ("evaluated on" / "experiments
 * on", "beat" / "outperform", "licence" / "license"). Each line is a group of interchangeable words; a question
 * word also credits a sentence with another word of its group, at a share of its weight, when choosing
 * excerpts. Kept to the generic vocabulary of research writing, not to any paper's topic.
 */
const GROUPS: readonly string[] = [
  'evaluate evaluation eval experiment test benchmark assess',
  'beat outperform surpass exceed',
  'cheap inexpensive cost overhead',
  'fast faster speed speedup latency throughput quick',
  'explanation justification rationale',
  'license licence licensed',
  'help improve gain benefit boost',
  'inefficient efficient',
  'size sizes parameters scale',
  'release open-source publish available',
  'weights checkpoints',
  'problem issue limitation drawback challenge shortcoming',
  'wrong problem issue limitation',
  'fail failure collapse',
  'predict prediction classify classification',
  'use leverage employ utilize adopt',
  'reduce cut lower save decrease shrink',
  'compare comparison versus',
  'inject feed insert incorporate',
  'combine fuse fusion merge integrate',
  'small tiny compact lightweight',
  'large big huge',
  'finetune fine-tune tune',
  // Chat abbreviations.
  'dim dimension',
  'param params parameter',
  'perf performance',
  'acc accuracy',
  'arch architecture',
  'impl implementation',
  'doc document',
  'img image',
  'info information',
  'env environment',
  'repr representation',
  'emb embedding',
  'stats statistics',
  'approx approximation',
  'seg segmentation',
  'gen generation',
  'pred prediction',
  'ctx context',
  'attn attention',
  'hyperparam hyperparameter',
  'sota state-of-the-art',
  'stage step phase',
  'philosophy principle',
  // More generic research vocabulary.
  'choose select pick',
  'hard difficult challenging',
  'build construct create develop',
  'lack shortage scarcity scarce insufficient',
  'loss objective',
  'flaw weakness drawback',
  'sum add addition',
  // Words the stemmer keeps apart though they are one word in another part of speech.
  'classify classification',
  'reduce reduction',
  'analyze analysis analyses',
  'automatic automated automation',
  'include inclusion',
  'decide decision',
  'freeze frozen froze',
  'choose chosen choice',
  'accurate accuracy',
  'describe description',
  'solve solution',
  'apply application',
  'identify identification',
  'compare comparison',
  'assume assumption',
  'fail failure',
  'introduce introduction',
  'verify verification',
  'modify modification',
  'write wrote written',
  'give gave given',
  'take took taken',
  'show shown',
  'build built',
];

/** Share of a question word's weight that a synonym earns. */
export const SYNONYM_SHARE = 0.6;

const BY_TERM: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const line of GROUPS) {
    const terms = [...new Set(line.split(' ').flatMap((w) => analyze(w).slice(0, 1)))];
    for (const t of terms) {
      const set = map.get(t) ?? new Set<string>();
      for (const u of terms) if (u !== t) set.add(u);
      map.set(t, set);
    }
  }
  return new Map([...map].map(([t, s]) => [t, [...s]]));
})();

/** Index terms that mean what `term` means in research writing (not including `term`). */
export function synonymsOf(term: string): readonly string[] {
  return BY_TERM.get(term) ?? [];
}
