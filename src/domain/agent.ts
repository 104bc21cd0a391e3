export interface Agent {
  agentId: string;
  agentName: string;
  description: string;
  agentStyle: string;
  onStatus: boolean;
  modelName: string;
  tools: string[];
  companyId: string | null;
  userId: string;
  shareEditorWith: string[];
  shareVisitorWith: string[];
  createdAt: Date;
  updatedAt: Date;
}
