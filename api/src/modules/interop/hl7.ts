import { Hl7Message, type Hl7Segment } from '@medplum/core';
import {
  localDate,
  localTime,
  parseReferenceRange,
  parseResidentId,
  parseResultFlag,
  type ReportStatus,
  RESULT_SECTIONS,
  sectionFromV2,
} from '@ygt/shared';
import type { Db } from '../../db';
import { AppError } from '../../http/errors';
import type { IncomingObservation, IncomingReport } from '../results/ingest';
import * as resultsRepo from '../results/repo';
import type { InteropClient } from './clients';
import { parseHl7DateTime } from './dates';
import { joinName } from './fhir';

export const HL7_CONTENT_TYPE = 'x-application/hl7-v2+er7; charset=utf-8';

/**
 * Why a message is not accepted, for the ACK: AR (rejected: the message as such is wrong:
 * header, type, version, sender) or AE (error in its content), with the HL7 table 0357 code and
 * the location (segment, sequence, field) of the fault. Nothing is stored for either.
 */
export interface Hl7Rejection {
  ack: 'AE' | 'AR';
  code: 100 | 101 | 102 | 103 | 200 | 201 | 203 | 205 | 207;
  reason: string;
  location?: { segment: string; sequence: number; field: number };
}

const ERROR_TEXTS: Record<Hl7Rejection['code'], string> = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  203: 'Unsupported version id',
  205: 'Duplicate key identifier',
  207: 'Application internal error',
};

class Rejected extends Error {
  constructor(readonly rejection: Hl7Rejection) {
    super(rejection.reason);
  }
}
const reject = (r: Hl7Rejection): never => {
  throw new Rejected(r);
};

/** HL7 escape sequences (\F\ \S\ \T\ \R\ \E\ \.br\) back to text; the parser leaves them as sent. */
export function unescapeHl7(s: string): string {
  return s.replace(/\\(F|S|T|R|E|\.br)\\/g, (_, e: string) => ({ F: '|', S: '^', T: '&', R: '~', E: '\\', '.br': '\n' })[e]!);
}
function escapeHl7(s: string): string {
  return s.replace(/\\/g, '\\E\\').replace(/\|/g, '\\F\\').replace(/\^/g, '\\S\\').replace(/&/g, '\\T\\').replace(/~/g, '\\R\\').replace(/[\r\n]+/g, ' ');
}

/** Component of a field's repetition (1-based), unescaped; subcomponents stay joined by '&'. */
const comp = (seg: Hl7Segment, field: number, component: number, repetition = 0) => unescapeHl7(seg.getField(field)?.components[repetition]?.[component - 1] ?? '').trim();
const repetitions = (seg: Hl7Segment, field: number) => seg.getField(field)?.components ?? [];

/** OBR-25 (HL7 table 0123) onto FHIR report status. */
const OBR_STATUS: Record<string, ReportStatus> = { F: 'final', C: 'corrected', P: 'preliminary', R: 'preliminary', A: 'partial', I: 'registered', O: 'registered', S: 'registered', X: 'cancelled' };
/** PID-3 identifier types of the resident ID: national person identifier of China, or RI as some LIS send it. */
const RESIDENT_ID_TYPES = ['NNCHN', 'RI'];
const RESIDENT_ID_OID = '2.16.156.10011.1.1';

/** CWE with alternate coding: LN (LOINC) in either triple; the other one is the local code. */
function cwe(seg: Hl7Segment, field: number) {
  const triples = [
    { code: comp(seg, field, 1), text: comp(seg, field, 2), system: comp(seg, field, 3) },
    { code: comp(seg, field, 4), text: comp(seg, field, 5), system: comp(seg, field, 6) },
  ].filter((t) => t.code);
  const loinc = triples.find((t) => t.system === 'LN');
  const local = triples.find((t) => t.system !== 'LN');
  return {
    loinc: loinc?.code ?? null,
    localCode: local?.code ?? loinc?.code ?? '',
    localSystem: local?.system || null,
    name: local?.text || loinc?.text || local?.code || loinc?.code || '',
  };
}

function time(value: string, segment: string, sequence: number, field: number): number {
  try {
    return parseHl7DateTime(value, `${segment}-${field}`).start;
  } catch (err) {
    return reject({ ack: 'AE', code: 102, reason: `${segment}-${field} ${(err as AppError).message}`, location: { segment, sequence, field } });
  }
}

/**
 * Reads an ORU^R01 (v2.5.1) into reports: MSH-4 is the sending (performing) facility and must be
 * the client's own; PID-3 carries the resident ID (type NNCHN or RI, or assigning authority
 * 2.16.156.10011.1.1), PID-5 the name; each OBR starts a report (OBR-3 filler order number is its
 * identifier, OBR-4 the test, OBR-7 the time, OBR-24 the v2-0074 section, OBR-25 the status,
 * OBR-32.7 an interpreting facility), NTE after it is the conclusion, and OBX rows are its values.
 */
export async function readOru(db: Db, message: Hl7Message, client: InteropClient): Promise<IncomingReport[]> {
  const msh = message.header;
  if (msh.getComponent(9, 1) !== 'ORU') reject({ ack: 'AR', code: 200, reason: `仅接受 ORU^R01 检验结果消息，收到 ${msh.getComponent(9, 1) || '空'}`, location: { segment: 'MSH', sequence: 1, field: 9 } });
  if (msh.getComponent(9, 2) !== 'R01') reject({ ack: 'AR', code: 201, reason: `仅接受 ORU^R01，收到事件 ${msh.getComponent(9, 2) || '空'}`, location: { segment: 'MSH', sequence: 1, field: 9 } });
  if (!/^2\.5(\.1)?$/.test(msh.getComponent(12, 1))) reject({ ack: 'AR', code: 203, reason: `仅支持 HL7 v2.5.1，收到 ${msh.getComponent(12, 1) || '空'}`, location: { segment: 'MSH', sequence: 1, field: 12 } });
  if (!msh.getComponent(10, 1)) reject({ ack: 'AR', code: 101, reason: '缺少消息控制号 MSH-10', location: { segment: 'MSH', sequence: 1, field: 10 } });
  const sender = comp(msh, 4, 1).split('&')[0];
  if (sender !== client.facilityCode) {
    throw new AppError('FORBIDDEN', `发送机构 MSH-4（${sender || '空'}）与令牌所属机构（${client.facilityCode}）不一致：只能提交本机构的结果`, 'MSH-4');
  }

  const reports: IncomingReport[] = [];
  let patient: IncomingReport['patient'] | null = null;
  let current: IncomingReport | null = null;
  const counters: Record<string, number> = {};
  for (const seg of message.segments.slice(1)) {
    const sequence = (counters[seg.name] = (counters[seg.name] ?? 0) + 1);
    const at = (field: number) => ({ segment: seg.name, sequence, field });
    if (seg.name === 'PID') {
      const ids = repetitions(seg, 3).map((_, rep) => ({ value: comp(seg, 3, 1, rep), authority: comp(seg, 3, 4, rep), type: comp(seg, 3, 5, rep) }));
      const id = ids.find((i) => RESIDENT_ID_TYPES.includes(i.type) || i.authority.includes(RESIDENT_ID_OID));
      if (!id) reject({ ack: 'AE', code: 101, reason: 'PID-3 缺少居民身份证号（标识类型 NNCHN 或 RI）', location: at(3) });
      const parsed = parseResidentId(id!.value);
      if (!parsed.valid) reject({ ack: 'AE', code: 102, reason: `PID-3 居民身份证号不正确：${parsed.reason}`, location: at(3) });
      const name = joinName(comp(seg, 5, 1).split('&')[0], comp(seg, 5, 2) ? [comp(seg, 5, 2)] : []);
      if (!name) reject({ ack: 'AE', code: 101, reason: 'PID-5 缺少患者姓名', location: at(5) });
      patient = { kind: 'resident_id', idNumber: parsed.valid ? parsed.id : '', name };
      current = null;
    } else if (seg.name === 'OBR') {
      if (!patient) reject({ ack: 'AE', code: 100, reason: 'OBR 之前缺少 PID 患者信息', location: at(1) });
      const identifier = comp(seg, 3, 1) || comp(seg, 2, 1);
      if (!identifier) reject({ ack: 'AE', code: 101, reason: 'OBR-3 缺少报告号（filler order number）', location: at(3) });
      const code = cwe(seg, 4);
      if (!code.localCode) reject({ ack: 'AE', code: 101, reason: 'OBR-4 缺少检验项目编码', location: at(4) });
      if (!comp(seg, 7, 1)) reject({ ack: 'AE', code: 101, reason: 'OBR-7 缺少采样/检查时间', location: at(7) });
      const effectiveAt = time(comp(seg, 7, 1), 'OBR', sequence, 7);
      const sectionCode = comp(seg, 24, 1);
      // ORU^R01 comes from lab systems: without a section it is a lab report.
      const section = sectionCode ? sectionFromV2(sectionCode) : 'lab_other';
      if (!section) reject({ ack: 'AE', code: 103, reason: `OBR-24 科别 ${sectionCode} 不在 HL7 表 0074 中`, location: at(24) });
      const statusCode = comp(seg, 25, 1) || 'F';
      const status = OBR_STATUS[statusCode];
      if (!status) reject({ ack: 'AE', code: 103, reason: `OBR-25 结果状态 ${statusCode} 不可识别（F、C、P、X...）`, location: at(25) });
      const interpreterCode = comp(seg, 32, 7).split('&')[0];
      let interpretingFacilityId: string | null = null;
      if (interpreterCode) {
        const facility = await resultsRepo.facilityByCode(db, interpreterCode);
        if (!facility) reject({ ack: 'AE', code: 103, reason: `OBR-32 诊断机构 ${interpreterCode} 不是医共体成员`, location: at(32) });
        interpretingFacilityId = facility!.id === client.facilityId ? null : facility!.id;
      }
      current = {
        identifier,
        source: 'hl7v2',
        patient: patient!,
        section: section!,
        loinc: code.loinc,
        localCode: code.localCode,
        localSystem: code.localSystem,
        name: code.name,
        performingFacilityId: client.facilityId,
        interpretingFacilityId,
        status: status!,
        effectiveAt,
        issuedAt: comp(seg, 22, 1) ? time(comp(seg, 22, 1), 'OBR', sequence, 22) : effectiveAt,
        conclusion: null,
        qcPassed: true,
        imaging: null,
        enteredByStaffId: null,
        observations: [],
        location: `OBR[${sequence}]`,
      };
      reports.push(current);
    } else if (seg.name === 'NTE' && current) {
      const note = comp(seg, 3, 1);
      if (note) current.conclusion = current.conclusion ? `${current.conclusion}\n${note}` : note;
    } else if (seg.name === 'OBX') {
      if (!current) reject({ ack: 'AE', code: 100, reason: 'OBX 之前缺少 OBR', location: at(1) });
      current!.observations.push(readObx(seg, sequence, current!.effectiveAt));
    }
  }
  if (!reports.length) reject({ ack: 'AE', code: 100, reason: '消息中没有 OBR 检验报告', location: { segment: 'OBR', sequence: 1, field: 1 } });
  for (const r of reports) {
    if (RESULT_SECTIONS[r.section].category === 'lab' && !r.observations.length) reject({ ack: 'AE', code: 101, reason: `${r.location} 检验报告没有 OBX 结果`, location: { segment: 'OBX', sequence: 1, field: 5 } });
  }
  return reports;
}

function readObx(seg: Hl7Segment, sequence: number, reportEffectiveAt: number): IncomingObservation {
  const at = (field: number) => ({ segment: 'OBX', sequence, field });
  const type = comp(seg, 2, 1);
  const code = cwe(seg, 3);
  if (!code.localCode) reject({ ack: 'AE', code: 101, reason: `OBX[${sequence}]-3 缺少项目编码`, location: at(3) });
  let valueText = comp(seg, 5, 1);
  let valueNum: number | null = null;
  if (type === 'NM') {
    if (!/^[+-]?\d+(\.\d+)?$/.test(valueText)) reject({ ack: 'AE', code: 102, reason: `OBX[${sequence}]-5 数值型结果不是数字：${valueText || '空'}`, location: at(5) });
    valueNum = Number(valueText);
  } else if (type === 'SN') {
    // Structured numeric: comparator^number (e.g. <^0.5 or ^5.2).
    const comparator = comp(seg, 5, 1);
    const num = comp(seg, 5, 2);
    if (!/^[+-]?\d+(\.\d+)?$/.test(num)) reject({ ack: 'AE', code: 102, reason: `OBX[${sequence}]-5 结构化数值不正确`, location: at(5) });
    valueText = `${comparator}${num}`;
    valueNum = comparator && comparator !== '=' ? null : Number(num);
  } else if (type === 'CE' || type === 'CWE') {
    valueText = comp(seg, 5, 2) || comp(seg, 5, 1);
  } else if (!['ST', 'TX', 'FT'].includes(type)) {
    reject({ ack: 'AE', code: 103, reason: `OBX[${sequence}]-2 值类型 ${type || '空'} 不支持（NM、SN、ST、TX、FT、CE、CWE）`, location: at(2) });
  }
  if (!valueText) reject({ ack: 'AE', code: 101, reason: `OBX[${sequence}]-5 缺少结果值`, location: at(5) });
  const range = parseReferenceRange(comp(seg, 7, 1));
  const flagRaw = comp(seg, 8, 1);
  const flag = parseResultFlag(flagRaw);
  if (flagRaw && !flag) reject({ ack: 'AE', code: 103, reason: `OBX[${sequence}]-8 异常标志 ${flagRaw} 不可识别（N、H、L、A、HH、LL、AA）`, location: at(8) });
  return {
    loinc: code.loinc,
    localCode: code.localCode,
    localSystem: code.localSystem,
    name: code.name,
    valueText,
    valueNum,
    unit: comp(seg, 6, 1) || null,
    refLow: range.low,
    refHigh: range.high,
    refText: range.text,
    flag,
    effectiveAt: comp(seg, 14, 1) ? time(comp(seg, 14, 1), 'OBX', sequence, 14) : reportEffectiveAt,
  };
}

/** Parses ER7 text; tolerant of \n or \r\n segment ends and of MLLP framing left in an HTTP body. */
export function parseEr7(text: string): Hl7Message | Hl7Rejection {
  const cleaned = text.replace(/[\x0b\x1c]/g, '').replace(/\r\n|\n/g, '\r').trim();
  if (!cleaned.startsWith('MSH|')) return { ack: 'AR', code: 100, reason: '不是 HL7 v2 消息：应以 MSH 段开头（ER7 编码，段以 \\r 分隔）' };
  try {
    return Hl7Message.parse(cleaned);
  } catch (err) {
    return { ack: 'AR', code: 102, reason: `HL7 消息无法解析：${(err as Error).message}` };
  }
}

export function asRejection(err: unknown): Hl7Rejection | null {
  return err instanceof Rejected ? err.rejection : null;
}

/**
 * The ACK: MSH (built by the parser from the original, sender and receiver swapped) with our
 * time and control id, MSA (code, the original control id, the reason), and ERR for AE/AR.
 */
export function buildAck(original: Hl7Message | null, rejection: Hl7Rejection | null, now: number, controlId: string): string {
  const ackCode = rejection?.ack ?? 'AA';
  const stamp = `${localDate(now).replaceAll('-', '')}${localTime(now).replace(':', '')}${String(Math.floor(now / 1000) % 60).padStart(2, '0')}+0800`;
  const reason = rejection ? escapeHl7(rejection.reason) : '已接收';
  const err = rejection
    ? `ERR||${rejection.location ? `${rejection.location.segment}^${rejection.location.sequence}^${rejection.location.field}` : ''}|${rejection.code}^${ERROR_TEXTS[rejection.code]}^HL70357|E||||${reason}`
    : null;
  if (!original) {
    return [`MSH|^~\\&|YGT|YGT|||${stamp}||ACK|${controlId}|P|2.5.1`, `MSA|${ackCode}||${reason}`, err].filter(Boolean).join('\r');
  }
  const ack = original.buildAck({ ackCode });
  ack.header.setField(7, stamp);
  ack.header.setField(10, controlId);
  const msa = ack.getSegment('MSA')!;
  msa.setField(3, reason);
  return [ack.toString(), err].filter(Boolean).join('\r');
}
