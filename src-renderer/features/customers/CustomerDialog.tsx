import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../src-shared/api/entities.js';
import { Dialog } from '../../components/Dialog.js';
import { useStores } from '../../stores/index.js';
import { CustomerForm } from './CustomerForm.js';

export function CustomerDialog({ customer, number }: { customer?: Customer | undefined; number?: string | undefined }) {
  const { t } = useTranslation();
  const { ui, card } = useStores();
  const close = () => ui.getState().closeDialog();
  return (
    <Dialog title={customer ? t('customer.editTitle') : t('customer.createTitle')} onClose={close} size="wide" testId="customer-dialog">
      <CustomerForm
        {...(customer ? { customer } : {})}
        {...(number ? { initialNumber: number } : {})}
        onCancel={close}
        onDone={(saved) => {
          ui.getState().toast('success', customer ? t('customer.saved') : t('customer.created'));
          close();
          if (customer) void card.getState().refresh();
          else void card.getState().openCustomer(saved.id, true);
        }}
      />
    </Dialog>
  );
}
