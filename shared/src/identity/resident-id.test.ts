import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, parseResidentId, residentIdCheckChar } from './resident-id';

describe('parseResidentId (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31', 'female'],
    ['11010119900307803X', '1990-03-07', 'male'],
    ['110105198506152343', '1985-06-15', 'female'],
  ])('accepts %s', (id, birthDate, sex) => {
    const r = parseResidentId(id);
    expect(r).toMatchObject({ valid: true, birthDate, sex, areaCode: id.slice(0, 6) });
  });

  it('accepts a lower-case x check digit and normalises it', () => {
    expect(parseResidentId('11010519491231002x')).toMatchObject({ valid: true, id: '11010519491231002X' });
  });

  it.each([
    ['110105194912310021', '校验位'],
    ['1101051949123100', '18位'],
    ['11010519491231002Y', '18位'],
    ['110105194902300026', '出生日期不存在'],
    ['110105190013010020', '出生日期不存在'],
    ['110105203001010021', '晚于今天'],
  ])('rejects %s (%s)', (id, reason) => {
    const r = parseResidentId(id, '2026-11-23');
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.reason).toContain(reason);
  });

  it('derives sex from the sequence digit and round-trips any valid number', () => {
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(
      fc.property(digits(6), fc.date({ min: new Date('1900-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }), digits(3), (area, date, seq) => {
        const ymd = date.toISOString().slice(0, 10);
        const first17 = area + ymd.replaceAll('-', '') + seq;
        const r = parseResidentId(first17 + residentIdCheckChar(first17));
        expect(r).toMatchObject({ valid: true, birthDate: ymd, sex: Number(seq[2]) % 2 ? 'male' : 'female' });
      }),
    );
  });

  it('rejects any single changed digit (MOD 11-2 catches single-digit errors)', () => {
    const valid = '11010519491231002X';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const changed = valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        expect(parseResidentId(changed).valid).toBe(false);
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['2012-11-24', '2026-11-23', 13],
    ['2012-11-23', '2026-11-23', 14],
    ['1949-12-31', '2026-11-23', 76],
  ])('born %s is %i on %s', (birth, day, age) => expect(ageOn(birth, day)).toBe(age));
});
