import type { DrugRuleFacts } from '@ygt/shared';
import type { DrugTable } from '../../db/schema/drug';

/** A formulary row as the long-prescription rules see it. */
export function drugFacts(d: DrugTable): DrugRuleFacts {
  return {
    genericName: d.generic_name,
    toxic: d.toxic === 1,
    radioactive: d.radioactive === 1,
    precursor: d.precursor === 1,
    narcotic: d.narcotic === 1,
    psychotropic: (d.psychotropic as 'I' | 'II' | null) ?? null,
    antimicrobial: d.antimicrobial === 1,
    chronicInfectionException: d.chronic_infection_exception === 1,
    specialStorage: d.special_storage === 1,
  };
}
