import { describe, expect, it } from 'vitest';
import { namedByTitle } from '../../src/answer/title-named.js';

const TITLES = [
  'Me LLaMA: Foundation Large Language Models for Medical Applications',
  'LLaMA-Adapter V2: Parameter-Efficient Visual Instruction Model',
  'PubMedQA: A Dataset for Biomedical Research Question Answering',
  'Step-by-Step: Separating Planning from Realization in Neural Data-to-Text Generation',
  'X-RAY: Mapping LLM Reasoning Capability via Formalized and Compositional Knowledge',
  'A Very Long Coined LLaMA Lead Here: Something',
  'Sorted LLaMA without a colon',
  'Llama Guard: LLM-based Input-Output Safeguard for Human-AI Conversations',
  'Bone: Block Affine Transformation as Parameter Efficient Fine-tuning Methods',
];
const titleOf = (doc: number) => TITLES[doc]!;
/** As if "pubmedqa" were a term of the field (in many background papers), the others coined. */
const isCommon = (t: string) => t === 'pubmedqa';
const named = (q: string) => [...namedByTitle(q, TITLES.keys(), titleOf, isCommon)];

describe('namedByTitle: a question naming a paper by the name its title leads with', () => {
  it('finds a coined name written in any case, stop words and all ("me llama")', () => {
    expect(named('what sizes does me llama come in?')).toEqual([0]);
    expect(named('How many parameters does LLaMA-Adapter V2 add?')).toEqual([1]);
    expect(named('llama adapter v2: how do they avoid interference?')).toEqual([1]);
    expect(named('what is MeLLaMA?')).toEqual([0]);
    expect(named('is Me-LLaMA open?')).toEqual([0]);
  });

  it('needs the whole name as a phrase: "llama" alone or "me" elsewhere names nothing', () => {
    expect(named('what can llama do for me in medicine?')).toEqual([]);
    expect(named('llama adapter for vision')).toEqual([]);
  });

  it('leaves out a dataset or model the field uses widely, title-case words, all-caps words and long leads', () => {
    expect(named('Can Llama 2 correct a wrong answer on PubMedQA?')).toEqual([]);
    expect(named('do models reason step-by-step?')).toEqual([]);
    expect(named('classifying dental x-ray images')).toEqual([]);
    expect(named('a very long coined llama lead here')).toEqual([]);
    expect(named('sorted llama without a colon')).toEqual([]);
  });

  it('finds a title-case lead of several words typed as one word ("llamaguard"), not as a phrase nor a lone word', () => {
    expect(named('what is llamaguard?')).toEqual([7]);
    expect(named('is LlamaGuard open?')).toEqual([7]);
    expect(named('llama guard for chat moderation')).toEqual([]);
    expect(named('bone density from scans')).toEqual([]);
  });

  it('only considers the papers the retriever found named', () => {
    expect([...namedByTitle('what sizes does me llama come in?', [1, 2], titleOf, isCommon)]).toEqual([]);
  });
});
