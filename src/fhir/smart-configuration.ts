/** SMART configuration (https://hl7.org/fhir/smart-app-launch/conformance.html), for Backend Services. */
export function smartConfiguration(origin: string) {
  return {
    issuer: origin,
    token_endpoint: `${origin}/auth/token`,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/ServiceRequest.cruds', 'system/Task.rs', 'system/Task.u', 'system/Communication.crs', 'system/Appointment.rs', 'system/CarePlan.rs', 'system/DocumentReference.rs', 'system/HealthcareService.rs', 'system/Practitioner.r', 'system/*.read', 'system/*.write'],
    capabilities: ['client-confidential-asymmetric', 'permission-v2', 'permission-v1'],
  };
}
