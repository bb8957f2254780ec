/** Whether a name is an IANA time zone Liaison can count business days in (e.g. Europe/Berlin). */
import { IANAZone } from 'luxon';

export const isTimeZone = (name: string): boolean => IANAZone.isValidZone(name);
