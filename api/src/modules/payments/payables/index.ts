/** Every payable type the payments module settles; each file registers its handlers on import. */
import './booking';
