import type { DoctorTitle, FacilityKind, FacilityLevel, SessionPeriod } from '@ygt/shared';
import type { Db } from '../../db';
import { newId } from '../../infra/ids';

/**
 * The demo community: 云溪县, a fictional county shaped like the real ones in DOMAIN.md:
 * three county hospitals, a central pharmacy (县采镇配), seven township health centres, 24
 * village clinics, departments, doctors with titles and county experts visiting townships.
 * Codes are stable, so seeding twice changes nothing.
 */
interface SeedFacility {
  code: string;
  name: string;
  shortName: string;
  level: FacilityLevel;
  kind: FacilityKind;
  township: string | null;
  parentCode: string | null;
  address: string;
  phone: string;
  intro: string;
  departments: string[];
}

const COUNTY = '云溪县';
const TOWNSHIPS: { name: string; villages: string[] }[] = [
  { name: '青石镇', villages: ['东岭村', '石桥村', '下湾村', '杨柳村'] },
  { name: '柳河镇', villages: ['河口村', '新庄村', '马家村'] },
  { name: '白沙乡', villages: ['白沙村', '松林村', '上坪村'] },
  { name: '龙泉镇', villages: ['龙泉村', '清水村', '高桥村', '李家湾村'] },
  { name: '桃源乡', villages: ['桃源村', '花园村', '竹山村'] },
  { name: '石门镇', villages: ['石门村', '前进村', '黄土村'] },
  { name: '双溪乡', villages: ['双溪村', '茶园村', '红星村', '水口村'] },
];

const COUNTY_HOSPITAL_DEPARTMENTS = [
  '心血管内科', '内分泌科', '呼吸与危重症医学科', '神经内科', '消化内科', '肾内科',
  '普外科', '骨科', '儿科', '妇产科', '眼科', '耳鼻喉科', '急诊科', '医学影像科', '心电诊断中心', '检验科',
];

function facilities(): SeedFacility[] {
  const list: SeedFacility[] = [
    {
      code: 'YX-RMYY', name: `${COUNTY}人民医院`, shortName: '县人民医院', level: 'county', kind: 'general_hospital',
      township: null, parentCode: null, address: `${COUNTY}城关镇人民路88号`, phone: '0000-5210120',
      intro: '医共体牵头医院，二级甲等综合医院，设远程心电、远程影像、检验和病理共享中心。',
      departments: COUNTY_HOSPITAL_DEPARTMENTS,
    },
    {
      code: 'YX-ZYY', name: `${COUNTY}中医医院`, shortName: '县中医医院', level: 'county', kind: 'tcm_hospital',
      township: null, parentCode: 'YX-RMYY', address: `${COUNTY}城关镇健康路16号`, phone: '0000-5211234',
      intro: '县级中医医院，特色针灸推拿、中医骨伤与治未病。',
      departments: ['中医内科', '针灸推拿科', '中医骨伤科', '治未病科'],
    },
    {
      code: 'YX-FYBJY', name: `${COUNTY}妇幼保健院`, shortName: '县妇幼保健院', level: 'county', kind: 'maternal_child_hospital',
      township: null, parentCode: 'YX-RMYY', address: `${COUNTY}城关镇和平街5号`, phone: '0000-5213366',
      intro: '负责全县妇女儿童保健、孕产期保健和儿童预防接种指导。',
      departments: ['妇科', '产科', '儿童保健科', '儿科'],
    },
    {
      code: 'YX-ZXYF', name: `${COUNTY}医共体中心药房`, shortName: '中心药房', level: 'pharmacy', kind: 'central_pharmacy',
      township: null, parentCode: 'YX-RMYY', address: `${COUNTY}城关镇物流园3号`, phone: '0000-5219900',
      intro: '县级统一采购、乡镇配送（县采镇配），为各卫生院和村卫生室配送长处方药品。',
      departments: ['药剂科'],
    },
  ];
  TOWNSHIPS.forEach((t, ti) => {
    const tCode = `YX-T${String(ti + 1).padStart(2, '0')}`;
    list.push({
      code: tCode, name: `${t.name}中心卫生院`, shortName: `${t.name}卫生院`, level: 'township', kind: 'township_health_center',
      township: t.name, parentCode: 'YX-RMYY', address: `${COUNTY}${t.name}政府街${10 + ti}号`, phone: `0000-52${String(30 + ti).padStart(2, '0')}120`,
      intro: `${t.name}的乡镇卫生院，承担基本医疗、公共卫生和家庭医生签约服务，县级专家定期坐诊。`,
      departments: ['全科医学科', '中医科', '妇儿保健科', '慢病管理门诊'],
    });
    t.villages.forEach((v, vi) => {
      list.push({
        code: `${tCode}-V${String(vi + 1).padStart(2, '0')}`, name: `${t.name}${v}卫生室`, shortName: `${v}卫生室`, level: 'village',
        kind: 'village_clinic', township: t.name, parentCode: tCode, address: `${COUNTY}${t.name}${v}村委会旁`,
        phone: `0000-53${String(ti).padStart(2, '0')}${String(vi).padStart(2, '0')}1`,
        intro: `${v}的村卫生室：常见病诊治、慢病随访、健康体检和药品代取点。`, departments: ['全科'],
      });
    });
  });
  return list;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '海涛', '春梅', '文斌', '晓燕', '国平', '玉兰', '明辉', '红霞', '德胜', '桂芳', '永刚', '雪梅', '光明', '淑珍', '振华', '慧敏', '立新', '美玲', '学军', '雅琴'];
function personName(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length];
}

interface SeedDoctor {
  code: string;
  facilityCode: string;
  department: string;
  title: DoctorTitle;
  specialty: string;
  isCountyExpert: boolean;
}

const SPECIALTIES: Record<string, string> = {
  心血管内科: '高血压、冠心病、心力衰竭', 内分泌科: '糖尿病、甲状腺疾病', 呼吸与危重症医学科: '慢阻肺、哮喘、肺部感染',
  神经内科: '脑卒中、头痛、眩晕', 消化内科: '胃肠疾病、肝病', 肾内科: '慢性肾病、透析', 普外科: '腹部外科、甲状腺外科',
  骨科: '关节、脊柱、创伤', 儿科: '儿童常见病', 妇产科: '妇科、产科', 眼科: '白内障、青光眼', 耳鼻喉科: '鼻炎、中耳炎',
  急诊科: '急危重症', 医学影像科: '远程影像诊断', 心电诊断中心: '远程心电诊断', 检验科: '检验诊断',
  中医内科: '脾胃病、失眠', 针灸推拿科: '颈肩腰腿痛', 中医骨伤科: '骨折、筋伤', 治未病科: '体质调理',
  妇科: '妇科常见病', 产科: '孕产期保健', 儿童保健科: '生长发育', 全科医学科: '常见病、慢病管理', 中医科: '中医调理',
  妇儿保健科: '妇女儿童保健', 慢病管理门诊: '高血压、糖尿病随访', 全科: '常见病、慢病随访', 药剂科: '药学服务',
};

function doctors(all: SeedFacility[]): SeedDoctor[] {
  const list: SeedDoctor[] = [];
  let n = 0;
  const add = (f: SeedFacility, department: string, title: DoctorTitle, isCountyExpert = false) => {
    n += 1;
    list.push({ code: `DR${String(n).padStart(4, '0')}`, facilityCode: f.code, department, title, specialty: SPECIALTIES[department] ?? department, isCountyExpert });
  };
  for (const f of all) {
    if (f.kind === 'general_hospital') {
      for (const d of f.departments) {
        if (d === '检验科') continue;
        const expert = ['心血管内科', '内分泌科', '呼吸与危重症医学科', '神经内科', '骨科', '儿科'].includes(d);
        add(f, d, 'chief_physician', expert);
        add(f, d, 'attending_physician');
      }
    } else if (f.level === 'county') {
      for (const d of f.departments) add(f, d, d === f.departments[0] ? 'associate_chief_physician' : 'attending_physician', d === '中医内科');
    } else if (f.level === 'township') {
      add(f, '全科医学科', 'attending_physician');
      add(f, '全科医学科', 'physician');
      add(f, '中医科', 'attending_physician');
    } else if (f.level === 'village') {
      add(f, '全科', 'physician');
    }
  }
  return list;
}

/** Weekly township sessions of county experts: each expert visits two townships a week. */
function expertSessions(docs: SeedDoctor[], all: SeedFacility[]) {
  const townships = all.filter((f) => f.level === 'township');
  const experts = docs.filter((d) => d.isCountyExpert);
  const sessions: { doctorCode: string; facilityCode: string; weekday: number; period: SessionPeriod }[] = [];
  experts.forEach((e, i) => {
    sessions.push({ doctorCode: e.code, facilityCode: townships[i % townships.length].code, weekday: (i % 5) + 1, period: 'am' });
    sessions.push({ doctorCode: e.code, facilityCode: townships[(i + 3) % townships.length].code, weekday: ((i + 2) % 5) + 1, period: 'pm' });
  });
  return sessions;
}

export async function seedCommunity(db: Db, now = Date.now()): Promise<{ facilities: number; doctors: number }> {
  const all = facilities();
  const docs = doctors(all);
  await db.transaction().execute(async (tx) => {
    const facilityIds = new Map((await tx.selectFrom('facility').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const newFacilities = all.filter((f) => !facilityIds.has(f.code));
    for (const f of newFacilities) facilityIds.set(f.code, newId(now));
    if (newFacilities.length) {
      await tx
        .insertInto('facility')
        .values(
          newFacilities.map((f) => ({
            id: facilityIds.get(f.code)!, code: f.code, name: f.name, short_name: f.shortName, level: f.level, kind: f.kind,
            township: f.township, parent_id: f.parentCode ? facilityIds.get(f.parentCode)! : null, address: f.address,
            phone: f.phone, intro: f.intro, sort_order: all.indexOf(f), created_at: now, updated_at: now,
          })),
        )
        .execute();
    }

    const deptRows = await tx.selectFrom('department').select(['id', 'facility_id', 'code']).execute();
    const deptIds = new Map(deptRows.map((r) => [`${r.facility_id}/${r.code}`, r.id]));
    const newDepts: { id: string; facility_id: string; code: string; name: string; intro: string; sort_order: number }[] = [];
    for (const f of all) {
      const fid = facilityIds.get(f.code)!;
      f.departments.forEach((name, i) => {
        const code = `D${String(i + 1).padStart(2, '0')}`;
        if (deptIds.has(`${fid}/${code}`)) return;
        const id = newId(now);
        deptIds.set(`${fid}/${code}`, id);
        newDepts.push({ id, facility_id: fid, code, name, intro: SPECIALTIES[name] ?? '', sort_order: i });
      });
    }
    if (newDepts.length) await tx.insertInto('department').values(newDepts).execute();

    const deptIdOf = (f: SeedFacility, name: string) => deptIds.get(`${facilityIds.get(f.code)}/D${String(f.departments.indexOf(name) + 1).padStart(2, '0')}`)!;
    const byCode = new Map(all.map((f) => [f.code, f]));
    const doctorIds = new Map((await tx.selectFrom('doctor').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const newDocs = docs.filter((d) => !doctorIds.has(d.code));
    if (newDocs.length) {
      await tx
        .insertInto('doctor')
        .values(
          newDocs.map((d) => {
            const id = newId(now);
            doctorIds.set(d.code, id);
            return {
              id, facility_id: facilityIds.get(d.facilityCode)!, department_id: deptIdOf(byCode.get(d.facilityCode)!, d.department), code: d.code,
              name: personName(Number(d.code.slice(2))), title: d.title, specialty: d.specialty, is_county_expert: d.isCountyExpert ? 1 : 0,
            };
          }),
        )
        .execute();
    }

    const existingSessions = new Set(
      (await tx.selectFrom('expert_session').select(['doctor_id', 'weekday', 'period']).execute()).map((s) => `${s.doctor_id}/${s.weekday}/${s.period}`),
    );
    const newSessions = expertSessions(docs, all)
      .map((s) => ({ id: newId(now), doctor_id: doctorIds.get(s.doctorCode)!, facility_id: facilityIds.get(s.facilityCode)!, weekday: s.weekday, period: s.period }))
      .filter((s) => !existingSessions.has(`${s.doctor_id}/${s.weekday}/${s.period}`));
    if (newSessions.length) await tx.insertInto('expert_session').values(newSessions).execute();
  });
  return { facilities: all.length, doctors: docs.length };
}
