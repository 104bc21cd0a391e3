import type {
  AgentStore,
  Clock,
  CompanyStore,
  Database,
  ModelGateway,
  PasswordHasher,
  SecretBox,
  TokenIssuer,
  TokenStore,
  ToolConfigValidator,
  ToolStore,
  UserStore,
} from '../ports/index.js';
import { createAgentsService, type AgentsService } from './agents.js';
import { createCompaniesService, type CompaniesService } from './companies.js';
import { createHealthService, type HealthService } from './health.js';
import { createInvitationsService, type InvitationsService } from './invitations.js';
import { createModelsService, type ModelsService } from './models.js';
import { createToolsService, type ToolsService } from './tools.js';
import { createUsersService, type UsersService } from './users.js';

export interface FoundationDeps {
  stores: { users: UserStore; tokens: TokenStore; companies: CompanyStore; agents: AgentStore; tools: ToolStore };
  secretBox: SecretBox;
  passwords: PasswordHasher;
  issuer: TokenIssuer;
  toolConfigValidator: ToolConfigValidator;
  modelGateway: Pick<ModelGateway, 'listModels' | 'defaultModel' | 'hasModel'>;
  database: Pick<Database, 'ping' | 'withAdvisoryLock'>;
  clock: Clock;
}

export interface FoundationServices {
  users: UsersService;
  companies: CompaniesService;
  invitations: InvitationsService;
  /** `agents.access.loadAgentFor` is the access check the invoke service reuses. */
  agents: AgentsService;
  tools: ToolsService;
  models: ModelsService;
  health: HealthService;
}

/** Users, companies, agents, tools, models and health: everything but runs, threads and invoking. */
export function createFoundationServices(deps: FoundationDeps): FoundationServices {
  const { stores } = deps;
  return {
    users: createUsersService({
      users: stores.users,
      tokens: stores.tokens,
      companies: stores.companies,
      passwords: deps.passwords,
      issuer: deps.issuer,
      database: deps.database,
      clock: deps.clock,
    }),
    companies: createCompaniesService({ companies: stores.companies }),
    invitations: createInvitationsService({ companies: stores.companies }),
    agents: createAgentsService({ agents: stores.agents, tools: stores.tools, companies: stores.companies, modelGateway: deps.modelGateway }),
    tools: createToolsService({
      tools: stores.tools,
      agents: stores.agents,
      companies: stores.companies,
      secretBox: deps.secretBox,
      toolConfigValidator: deps.toolConfigValidator,
    }),
    models: createModelsService({ modelGateway: deps.modelGateway }),
    health: createHealthService({ database: deps.database }),
  };
}
