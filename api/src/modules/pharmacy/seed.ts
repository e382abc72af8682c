import type { CatalogueClass } from '@ygt/shared';
import type { AppDeps } from '../../deps';
import { newId } from '../../infra/ids';
import * as repo from './repo';

interface SeedDrug {
  code: string;
  name: string;
  strength: string;
  form: string;
  unit: string;
  packSize: number;
  priceFen: number;
  cls: CatalogueClass;
  flags?: Partial<{
    toxic: 1;
    radioactive: 1;
    precursor: 1;
    narcotic: 1;
    psychotropic: 'I' | 'II';
    antimicrobial: 1;
    chronicInfectionException: 1;
    specialStorage: 1;
  }>;
}

/**
 * The demo formulary of the central pharmacy: common chronic-disease drugs at 集采-like prices
 * (fen per pack), anti-TB drugs (antimicrobials allowed for TB), and a few drugs that may never
 * be on a long prescription. Codes are stable, so seeding twice changes nothing.
 */
const FORMULARY: SeedDrug[] = [
  { code: 'YP-AMLD-5', name: '苯磺酸氨氯地平片', strength: '5mg', form: '片剂', unit: '片', packSize: 28, priceFen: 320, cls: 'A' },
  { code: 'YP-XBDP-30', name: '硝苯地平控释片', strength: '30mg', form: '控释片', unit: '片', packSize: 14, priceFen: 1260, cls: 'B' },
  { code: 'YP-XST-80', name: '缬沙坦胶囊', strength: '80mg', form: '胶囊剂', unit: '粒', packSize: 28, priceFen: 980, cls: 'B' },
  { code: 'YP-EBST-150', name: '厄贝沙坦片', strength: '150mg', form: '片剂', unit: '片', packSize: 28, priceFen: 650, cls: 'B' },
  { code: 'YP-QLSQ-25', name: '氢氯噻嗪片', strength: '25mg', form: '片剂', unit: '片', packSize: 100, priceFen: 500, cls: 'A' },
  { code: 'YP-MTLE-25', name: '酒石酸美托洛尔片', strength: '25mg', form: '片剂', unit: '片', packSize: 20, priceFen: 300, cls: 'A' },
  { code: 'YP-EJSG-500', name: '盐酸二甲双胍片', strength: '0.5g', form: '片剂', unit: '片', packSize: 60, priceFen: 600, cls: 'A' },
  { code: 'YP-AKBT-50', name: '阿卡波糖片', strength: '50mg', form: '片剂', unit: '片', packSize: 30, priceFen: 820, cls: 'B' },
  { code: 'YP-GLMN-2', name: '格列美脲片', strength: '2mg', form: '片剂', unit: '片', packSize: 30, priceFen: 450, cls: 'B' },
  { code: 'YP-GLQT-30', name: '格列齐德缓释片', strength: '30mg', form: '缓释片', unit: '片', packSize: 30, priceFen: 1200, cls: 'B' },
  { code: 'YP-ATFT-20', name: '阿托伐他汀钙片', strength: '20mg', form: '片剂', unit: '片', packSize: 28, priceFen: 650, cls: 'B' },
  { code: 'YP-RSFT-10', name: '瑞舒伐他汀钙片', strength: '10mg', form: '片剂', unit: '片', packSize: 28, priceFen: 800, cls: 'B' },
  { code: 'YP-ASPL-100', name: '阿司匹林肠溶片', strength: '100mg', form: '肠溶片', unit: '片', packSize: 30, priceFen: 280, cls: 'A' },
  { code: 'YP-LBGL-75', name: '硫酸氢氯吡格雷片', strength: '75mg', form: '片剂', unit: '片', packSize: 28, priceFen: 1000, cls: 'B' },
  { code: 'YP-DXSL-40', name: '单硝酸异山梨酯缓释片', strength: '40mg', form: '缓释片', unit: '片', packSize: 24, priceFen: 1500, cls: 'B' },
  { code: 'YP-SMTL-250', name: '沙美特罗替卡松吸入粉雾剂', strength: '50μg/250μg', form: '吸入粉雾剂', unit: '吸', packSize: 60, priceFen: 12_000, cls: 'B' },
  { code: 'YP-SWXA-18', name: '噻托溴铵粉雾剂', strength: '18μg', form: '吸入粉雾剂', unit: '粒', packSize: 30, priceFen: 6_000, cls: 'B' },
  { code: 'YP-FFTS-630', name: '复方α-酮酸片', strength: '0.63g', form: '片剂', unit: '片', packSize: 100, priceFen: 15_000, cls: 'B' },
  { code: 'YP-GHSC-025', name: '骨化三醇软胶囊', strength: '0.25μg', form: '软胶囊', unit: '粒', packSize: 20, priceFen: 3_000, cls: 'B' },
  { code: 'YP-YYJ-100', name: '异烟肼片', strength: '100mg', form: '片剂', unit: '片', packSize: 100, priceFen: 1_000, cls: 'A', flags: { antimicrobial: 1, chronicInfectionException: 1 } },
  { code: 'YP-LFP-150', name: '利福平胶囊', strength: '150mg', form: '胶囊剂', unit: '粒', packSize: 100, priceFen: 2_500, cls: 'A', flags: { antimicrobial: 1, chronicInfectionException: 1 } },
  // Never on a long prescription.
  { code: 'YP-MF-30', name: '硫酸吗啡缓释片', strength: '30mg', form: '缓释片', unit: '片', packSize: 10, priceFen: 3_500, cls: 'A', flags: { narcotic: 1 } },
  { code: 'YP-DXP-25', name: '地西泮片', strength: '2.5mg', form: '片剂', unit: '片', packSize: 100, priceFen: 500, cls: 'A', flags: { psychotropic: 'II' } },
  { code: 'YP-AMXL-250', name: '阿莫西林胶囊', strength: '0.25g', form: '胶囊剂', unit: '粒', packSize: 24, priceFen: 800, cls: 'A', flags: { antimicrobial: 1 } },
  { code: 'YP-YDS-30R', name: '精蛋白生物合成人胰岛素注射液（预混30R）', strength: '3ml:300单位', form: '注射液', unit: '单位', packSize: 300, priceFen: 4_500, cls: 'A', flags: { specialStorage: 1 } },
  { code: 'YP-MHJ-25', name: '盐酸麻黄碱片', strength: '25mg', form: '片剂', unit: '片', packSize: 100, priceFen: 2_000, cls: 'A', flags: { precursor: 1 } },
  { code: 'YP-ATP-03', name: '硫酸阿托品片', strength: '0.3mg', form: '片剂', unit: '片', packSize: 100, priceFen: 1_000, cls: 'A', flags: { toxic: 1 } },
];

export async function seedFormulary(deps: AppDeps): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const existing = new Set((await repo.listDrugs(db)).map((d) => d.code));
  const missing = FORMULARY.filter((d) => !existing.has(d.code));
  if (!missing.length) return;
  await db
    .insertInto('drug')
    .values(
      missing.map((d) => {
        const f = d.flags ?? {};
        return {
          id: newId(now),
          code: d.code,
          generic_name: d.name,
          strength: d.strength,
          form: d.form,
          unit: d.unit,
          pack_size: d.packSize,
          pack_unit: '盒',
          price_fen: d.priceFen,
          insurance_class: d.cls,
          toxic: f.toxic ?? 0,
          radioactive: f.radioactive ?? 0,
          precursor: f.precursor ?? 0,
          narcotic: f.narcotic ?? 0,
          psychotropic: f.psychotropic ?? null,
          antimicrobial: f.antimicrobial ?? 0,
          chronic_infection_exception: f.chronicInfectionException ?? 0,
          special_storage: f.specialStorage ?? 0,
          active: 1,
          created_at: now,
          updated_at: now,
        };
      }),
    )
    .execute();
}
