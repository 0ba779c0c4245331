import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderModal } from '../../../src/adapters/discord/modal.js';
import type { Form } from '../../../src/contract/reply.js';
import { checkModal, type LooseModal } from '../../fakes/discord/components.js';
import { fillModal } from '../../fakes/discord/fill.js';
import { FormErrors } from '../../fakes/discord/limits.js';

const modalErrors = (data: unknown): string[] => {
  const errors = new FormErrors();
  checkModal(data as LooseModal, errors);
  return errors.flat;
};

const answerForm: Form = {
  actionId: 'ib:submit:42',
  title: 'Answer the question',
  submitLabel: 'Save',
  fields: [
    { id: 'answer', label: 'Team answer', long: true, maxLength: 1500, required: true, placeholder: 'What should people hear?' },
    { id: 'statement', label: 'Question', maxLength: 200, required: false, value: 'parental leave for contractors' },
  ],
};

describe('renderModal', () => {
  it('a form becomes a modal of Label components with text inputs: long is a paragraph, limits passed on', () => {
    const modal = renderModal(answerForm);
    expect(modal).toEqual({
      custom_id: 'ib:submit:42',
      title: 'Answer the question',
      components: [
        {
          type: 18,
          label: 'Team answer',
          component: {
            type: 4,
            custom_id: 'answer',
            style: 2,
            max_length: 1500,
            required: true,
            placeholder: 'What should people hear?',
          },
        },
        {
          type: 18,
          label: 'Question',
          component: {
            type: 4,
            custom_id: 'statement',
            style: 1,
            max_length: 200,
            required: false,
            value: 'parental leave for contractors',
          },
        },
      ],
    });
    expect(modalErrors(modal)).toEqual([]);
  });

  it('the fake Discord client can fill it in: the submission carries the values by field id', () => {
    const submitted = fillModal(renderModal(answerForm) as LooseModal, { answer: 'None, sorry.' });
    expect(submitted).toEqual([
      { type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'answer', value: 'None, sorry.' } },
      { type: 18, id: 3, component: { type: 4, id: 4, custom_id: 'statement', value: 'parental leave for contractors' } },
    ]);
  });

  it('cuts to Discord limits: title 45, labels 45, placeholder 100, 5 fields, max_length 1-4000, value within max_length', () => {
    const dropped: string[] = [];
    const modal = renderModal(
      {
        actionId: 'f',
        title: 't'.repeat(60),
        submitLabel: 'Go',
        fields: Array.from({ length: 7 }, (_, i) => ({
          id: `f${i}`,
          label: 'l'.repeat(50),
          maxLength: i === 0 ? 9000 : i === 1 ? 0 : 10,
          required: true,
          value: 'v'.repeat(20),
          placeholder: 'p'.repeat(120),
        })),
      },
      (w) => dropped.push(w),
    );
    expect(modal).toBeDefined();
    expect([...modal!.title]).toHaveLength(45);
    expect(modal!.components).toHaveLength(5);
    const inputs = modal!.components.map((c) => (c as { component: { max_length: number; value: string; placeholder: string } }).component);
    expect(inputs.map((c) => c.max_length)).toEqual([4000, 4000, 10, 10, 10]);
    expect(inputs[2]!.value).toBe('v'.repeat(10));
    expect([...inputs[0]!.placeholder]).toHaveLength(100);
    expect(dropped).toEqual(['form "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt": 2 field(s) beyond Discord\'s 5']);
    expect(modalErrors(modal)).toEqual([]);
  });

  it('cannot open without an id Discord carries or a usable field', () => {
    const dropped: string[] = [];
    expect(renderModal({ ...answerForm, actionId: 'x'.repeat(101) }, (w) => dropped.push(w))).toBeUndefined();
    expect(renderModal({ ...answerForm, fields: [] }, (w) => dropped.push(w))).toBeUndefined();
    expect(
      renderModal({ ...answerForm, fields: [{ id: 'i'.repeat(101), label: 'x', maxLength: 10, required: true }] }, (w) => dropped.push(w)),
    ).toBeUndefined();
    expect(dropped).toHaveLength(4);
  });

  it('property: any form either cannot open or renders to a modal Discord accepts', () => {
    const text = fc.string({ maxLength: 120 });
    const field = fc.record(
      {
        id: fc.string({ maxLength: 110 }),
        label: text,
        long: fc.boolean(),
        maxLength: fc.integer({ min: -5, max: 9000 }),
        required: fc.boolean(),
        value: fc.string({ maxLength: 5000 }),
        placeholder: text,
      },
      { requiredKeys: ['id', 'label', 'maxLength', 'required'] },
    );
    const form = fc.record({
      actionId: fc.string({ maxLength: 110 }),
      title: text,
      submitLabel: text,
      fields: fc.array(field, { maxLength: 8 }),
    });
    fc.assert(
      fc.property(form, (f) => {
        const modal = renderModal(f);
        if (modal) expect(modalErrors(modal)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
