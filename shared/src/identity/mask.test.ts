import { describe, expect, it } from 'vitest';
import { maskName, maskPhone, maskResidentId } from './mask';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['张', '张'],
    ['欧阳娜娜', '欧**娜'],
  ])('name %s -> %s', (n, m) => expect(maskName(n)).toBe(m));
  it('masks ID numbers as 1101**********1234', () => expect(maskResidentId('110105194912311234')).toBe('1101**********1234'));
  it('masks phones as 138****5678', () => expect(maskPhone('13812345678')).toBe('138****5678'));
});
